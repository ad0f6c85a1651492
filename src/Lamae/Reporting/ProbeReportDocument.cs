using System.Globalization;
using Lamae.Evaluation;
using Lamae.Evaluation.Probing;
using Lamae.Training;

namespace Lamae.Reporting;

/// <summary>
/// Lays a <see cref="ProbeReport"/> out as a <see cref="ReportDocument"/>: per probe its title, the models x fractions
/// tables of macro AUROC and AUPRC with their plots, the per-code AUROC, the codes left out, LAMAE's lead weights and the
/// protocol; then the pretraining runs.
/// </summary>
public static class ProbeReportDocument
{
    /// <summary>The report's title.</summary>
    public const string Title = "Lamae evaluation report";

    /// <summary>The document of <paramref name="report"/>.</summary>
    public static ReportDocument Build(ProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var blocks = new List<ReportBlock>
        {
            new ReportHeading(1, Title),
            new ReportParagraph(F($"{Count(report.Probes.Count, "probe")}, {Count(report.Runs.Count, "pretraining run")}; made {report.CreatedUtc:yyyy-MM-dd HH:mm} UTC by Lamae {report.CodeVersion}. ")
                + "Every metric is the mean over the probe's seeds with its 95 % patient-bootstrap interval [lower, upper]."),
        };
        foreach (ProbeReportSection probe in report.Probes)
        {
            Probe(blocks, probe);
        }

        ReconstructionReportDocument.Add(blocks, report.Reconstructions);
        if (report.Runs.Count > 0)
        {
            Runs(blocks, report.Runs);
        }

        return new ReportDocument(Title, blocks);
    }

    /// <summary>"icd10 labels, folds protocol": the label set and the protocol's kind.</summary>
    public static string Subtitle(ProbeReportSection probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return $"{probe.Labels.Name} labels, {ProtocolKind(probe.Protocol)} protocol";
    }

    private static void Probe(List<ReportBlock> blocks, ProbeReportSection probe)
    {
        ProbeResult result = probe.Result;
        string first = probe.Embeddings[0].Name;
        int testRecords = probe.Protocol.Parts.Sum(p => p.TestRecords), testPatients = probe.Protocol.Parts.Sum(p => p.TestPatients);
        blocks.Add(new ReportHeading(2, $"Probe {probe.Name}: {Subtitle(probe)}"));
        blocks.Add(new ReportParagraph(F($"{Count(probe.Labels.Codes.Count, "code")} of the {probe.Labels.Name} label set (each had at least {probe.Labels.MinPatients} training patients), ")
            + F($"{Count(probe.Embeddings.Count, "embeddings folder")}, label fractions {Fractions(probe.Protocol.Fractions)}, {Count(probe.Protocol.Seeds.Count, "seed")}; ")
            + F($"tested on {testPatients} patients ({testRecords} records).")));
        blocks.Add(new ReportParagraph((probe.Embeddings.Count == 1
                ? $"The first and only embeddings folder is {first}, so there are no paired differences."
                : $"The first row is {first}: every Δ is another row minus {first}, paired on the same bootstrap resamples of the test patients, "
                    + "and a cell says better or worse only where the 95 % interval of that difference excludes 0.")
            + (probe.HasRandom ? " The random row is the floor: the embeddings of an untrained model." : string.Empty)));
        if (probe.Embeddings.Any(e => e.Kind is not null))
        {
            blocks.Add(new ReportHeading(3, "Linear probe, fine-tuning and training from scratch"));
            blocks.Add(new ReportParagraph("Rows marked fine-tuned are a pretrained encoder trained further with a linear head on the same labelled patients "
                + "(weighted BCE, AdamW, the encoder at a tenth of the head's rate, the epoch chosen by validation macro AUROC, never by test); "
                + "rows marked from scratch are the same network trained on the labels from its initial weights, the supervised reference. "
                + "Their test predictions are scored with the same resamples, so every difference is paired; their fits are listed in the protocol."));
        }

        blocks.Add(new ReportHeading(3, "Embeddings"));
        blocks.Add(new ReportTable(["embeddings", "kind", "model", "dim", "run", "folder"],
            probe.Embeddings.Select(e => (IReadOnlyList<string>)[e.Name, e.KindName, e.Model, I(e.Dim), e.Run ?? (e.Kind is null ? "none (not trained)" : "none (from scratch)"), e.Folder]).ToArray()));

        foreach ((BinaryMetric metric, string name, string image) in new[]
        {
            (BinaryMetric.Auroc, "AUROC", probe.Images.AurocVsFraction),
            (BinaryMetric.AveragePrecision, "AUPRC", probe.Images.AuprcVsFraction),
        })
        {
            blocks.Add(new ReportHeading(3, $"Macro {name}"));
            blocks.Add(new ReportParagraph(F($"Macro {name} over {probe.Labels.Codes.Count} codes, mean of {probe.Protocol.Seeds.Count} seeds [95 % patient-bootstrap interval]; rows: embeddings folders, columns: label fractions.")));
            blocks.Add(new ReportTable(ProbeTable.Header(result), ProbeTable.Rows(result, metric)));
            blocks.Add(new ReportImage(image, $"Macro {name} against the label fraction, one line per embeddings folder, bars: 95 % interval ({probe.Name})"));
        }

        PerCode(blocks, probe, first);
        LeftOut(blocks, probe);
        LeadWeights(blocks, probe);
        Protocol(blocks, probe);
    }

    private static void PerCode(List<ReportBlock> blocks, ProbeReportSection probe, string first)
    {
        ProbeResult result = probe.Result;
        blocks.Add(new ReportHeading(3, "Per-code AUROC"));
        blocks.Add(new ReportParagraph($"AUROC of each code, mean of seeds [95 % interval]; under each folder after {first}, its paired difference against {first}. "
            + "Test positives: the test records with the code, of all test records."));
        blocks.Add(new ReportImage(probe.Images.PerCodeAuroc, F($"Per-code AUROC at {ProbeRunner.Percent(probe.LargestFraction)} labels, one colour per embeddings folder, bars: 95 % interval ({probe.Name})")));
        foreach (double fraction in probe.Protocol.Fractions)
        {
            blocks.Add(new ReportHeading(4, $"At {ProbeRunner.Percent(fraction)} labels"));
            blocks.Add(new ReportTable(["code", "test positives", .. probe.Embeddings.Select(e => e.Name)],
                probe.Labels.Codes.Select(k => (IReadOnlyList<string>)[k.Code, F($"{k.TestPositives} of {k.TestRecords}"), .. probe.Embeddings.Select((e, i) =>
                {
                    ProbeScore s = result.Scores.First(x => x.Embedding == e.Name && x.Fraction == fraction);
                    string cell = ProbeTable.Estimate(s.Codes.First(c => c.Code == k.Code).Auroc);
                    if (i == 0)
                    {
                        return cell;
                    }

                    ProbeComparison c = result.Comparisons.First(x => x.Embedding == e.Name && x.Fraction == fraction);
                    return cell + "\n" + ProbeTable.Difference(c.Codes.First(x => x.Code == k.Code).Auroc, first);
                })]).ToArray()));
        }
    }

    private static void LeftOut(List<ReportBlock> blocks, ProbeReportSection probe)
    {
        blocks.Add(new ReportHeading(3, "Codes left out"));
        if (probe.Dropped.Count == 0)
        {
            blocks.Add(new ReportParagraph("The label set dropped no code seen in the records."));
        }
        else
        {
            blocks.Add(new ReportParagraph(F($"The label set dropped {Count(probe.Dropped.Count, "code")} seen in the records (chosen on the training split):")));
            blocks.Add(new ReportTable(["code", "reason"], probe.Dropped.Select(d => (IReadOnlyList<string>)[d.Code, d.Reason]).ToArray()));
        }

        if (probe.Constant.Count == 0)
        {
            blocks.Add(new ReportParagraph("No probe predicted a code as a constant: every probe had both classes of every code among its training rows."));
        }
        else
        {
            bool parts = probe.Protocol.Parts.Count > 1;
            blocks.Add(new ReportParagraph($"Codes that probes predicted as a constant, per embeddings folder, label fraction and seed, with the reason. The rule: {probe.Protocol.TrainingCodesWithoutBothClasses}."));
            blocks.Add(new ReportTable(["code", "embeddings", "labels", parts ? "seeds (parts)" : "seeds", "reason"],
                probe.Constant.Select(c => (IReadOnlyList<string>)[c.Code, c.Embedding, ProbeRunner.Percent(c.Fraction),
                    string.Join(", ", c.Seeds.Select(I)) + (parts ? $" ({string.Join(", ", c.Parts)})" : string.Empty),
                    string.Join("\n", c.Reasons)]).ToArray()));
        }
    }

    private static void LeadWeights(List<ReportBlock> blocks, ProbeReportSection probe)
    {
        blocks.Add(new ReportHeading(3, "Lead weights"));
        if (probe.LeadWeights.Count == 0)
        {
            blocks.Add(new ReportParagraph("No embeddings folder of this probe has lead weights (LAMAE's adaptive lead weights; the other models have none)."));
            return;
        }

        foreach (LeadWeightSummary summary in probe.LeadWeights)
        {
            if (summary.Rows.Count > 0)
            {
                int records = summary.Rows.Sum(r => r.Group == LeadWeightSummary.NoCodeGroup ? r.Records : 0);
                blocks.Add(new ReportParagraph($"{summary.Embedding}: the model's weight of each lead, mean over the records with each kept code (train, validation and test records of {summary.Folder}); "
                    + F($"the last row holds the {records} records with none of the kept codes.")));
                if (summary.Image is { } image)
                {
                    blocks.Add(new ReportImage(image, $"Mean lead weight per code and lead, {summary.Embedding} ({probe.Name})"));
                }

                blocks.Add(new ReportTable(["code", "records", .. summary.Leads],
                    summary.Rows.Select(r => (IReadOnlyList<string>)[r.Group, I(r.Records), .. r.Weights.Select(w => F($"{w:F3}"))]).ToArray()));
            }

            foreach (string note in summary.Notes)
            {
                blocks.Add(new ReportParagraph(note));
            }
        }
    }

    private static void Protocol(List<ReportBlock> blocks, ProbeReportSection probe)
    {
        ProbeProtocolSummary p = probe.Protocol;
        CacheIdentity cache = probe.Cache;
        blocks.Add(new ReportHeading(3, "Protocol"));
        blocks.Add(new ReportList(
        [
            $"Probe folder: {probe.Folder} (probe.json; predictions.csv holds every test prediction)",
            F($"Data: cache {cache.Directory}, index sha256 {cache.IndexSha256}, preprocessing {cache.PipelineHash}, {cache.Records} records; dataset {probe.Dataset ?? "not recorded"}"),
            F($"Label set: {probe.Labels.Name}: {probe.Labels.Description}; a code is kept when at least {probe.Labels.MinPatients} training patients have it"),
            $"Protocol: {p.Protocol}",
            $"Label fractions: {Fractions(p.Fractions)} of the training patients, nested per seed",
            $"Seeds: {string.Join(", ", p.Seeds.Select(I))}",
            $"C grid: {string.Join(", ", p.CGrid.Select(c => c.ToString("G4", CultureInfo.InvariantCulture)))}",
            $"Class weights: {string.Join(", ", p.ClassWeights)}",
            $"Selection: {p.Selection}",
            $"Standardisation: {p.Standardisation}",
            $"Codes with one class in a probe's training rows: {p.TrainingCodesWithoutBothClasses}",
            F($"Bootstrap: {p.BootstrapResamples} resamples of the test patients, seed {p.BootstrapSeed}, {p.Confidence * 100:0.##} % percentile intervals"),
            F($"Code version: Lamae {probe.CodeVersion}; created {probe.CreatedUtc:yyyy-MM-dd HH:mm:ss} UTC; the probe took {probe.Seconds:F1} s"),
            $"Command: {Command(probe)}",
        ]));
        blocks.Add(new ReportParagraph("Splits (patients and records of each part):"));
        blocks.Add(new ReportTable(["part", "train patients", "train records", "validation patients", "validation records", "test patients", "test records"],
            p.Parts.Select(x => (IReadOnlyList<string>)[x.Name, I(x.TrainPatients), I(x.TrainRecords), I(x.ValidationPatients), I(x.ValidationRecords), I(x.TestPatients), I(x.TestRecords)]).ToArray()));
    }

    // The probe's command line as far as probe.json records it (a --label-table is named in the label set's description).
    private static string Command(ProbeReportSection probe)
    {
        ProbeProtocolSummary p = probe.Protocol;
        string kind = ProtocolKind(p);
        string[] finetunes = probe.Embeddings.SelectMany(e => e.Finetunes ?? []).ToArray();
        return F($"lamae probe --embeddings {string.Join(' ', probe.Embeddings.Where(e => e.Kind is null).Select(e => e.Folder))} --labels {probe.Labels.Name} ")
            + (finetunes.Length > 0 ? $"--finetuned {string.Join(' ', finetunes)} " : string.Empty)
            + $"--fractions {string.Join(',', p.Fractions.Select(f => f.ToString("R", CultureInfo.InvariantCulture)))} "
            + F($"--seeds {p.Seeds.Count} --protocol {kind}{(kind == "cv" ? F($" --cv-folds {p.Parts.Count}") : string.Empty)} ")
            + F($"--min-patients {probe.Labels.MinPatients} --resamples {p.BootstrapResamples} ")
            + (p.SolverTolerance is { } t ? F($"--tolerance {t:G3} ") : string.Empty)
            + $"--out {probe.Folder}";
    }

    private static void Runs(List<ReportBlock> blocks, IReadOnlyList<RunReportSection> runs)
    {
        blocks.Add(new ReportHeading(2, "Pretraining runs"));
        blocks.Add(new ReportParagraph("The last epoch of each run's metrics.jsonl (each model's objective: for the masked models the mean squared error per hidden sample). Each curve is the run's own curve.png, with the predict-the-mean level "
            + "it measured when it was trained; a run folder without one has its curve drawn again from metrics.jsonl, without that level."));
        blocks.Add(new ReportTable(["run", "model", "preset", "epochs", "train loss", "validation loss", "hidden patches of visible leads", "leads hidden whole", "cache", "folder"],
            runs.Select(r => (IReadOnlyList<string>)[r.Name, r.Model, r.Preset, I(r.Epochs),
                Loss(r.Final?.TrainLoss), Loss(r.Final?.ValidationLoss), Loss(r.Final?.ValidationMaskedLoss), Loss(r.Final?.ValidationDroppedLoss), r.Cache, r.Folder]).ToArray()));
        foreach (RunReportSection run in runs)
        {
            blocks.Add(new ReportHeading(3, $"Run {run.Name}"));
            if (run.Curve is { } curve)
            {
                blocks.Add(new ReportImage(curve, $"Pretraining curve of {run.Name}: {run.Model} ({run.Preset})"));
            }
            else
            {
                blocks.Add(new ReportParagraph($"{run.Name}: no epoch has finished, so there is no curve."));
            }
        }
    }

    private static string ProtocolKind(ProbeProtocolSummary p)
    {
        int colon = p.Protocol.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? p.Protocol[..colon] : p.Protocol;
    }

    private static string Fractions(IReadOnlyList<double> fractions) => string.Join(", ", fractions.Select(ProbeRunner.Percent));

    private static string Loss(double? value) => value is { } v ? F($"{v:F4}") : "-";

    private static string Count(int n, string noun) => F($"{n} {noun}{(n == 1 ? string.Empty : "s")}");

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json;
using Lamae.Common;
using Lamae.Evaluation;
using Lamae.Evaluation.Probing;
using Lamae.Training;

namespace Lamae.Reporting;

/// <summary>
/// Reads probe folders (and optionally pretraining run folders) into a <see cref="ProbeReport"/>, in memory: nothing is
/// written, so a bad input fails before the report folder is touched.
/// </summary>
public static class ProbeReportBuilder
{
    /// <summary>
    /// The report over <paramref name="probeDirectories"/> and <paramref name="runDirectories"/>. Throws a
    /// <see cref="LamaeException"/> with one line for a missing, unfinished or corrupt probe folder and for a folder that
    /// is not a run; a missing embeddings folder only leaves its lead weights out, with a note.
    /// </summary>
    public static ProbeReport Build(IReadOnlyList<string> probeDirectories, IReadOnlyList<string>? runDirectories = null, DateTime? createdUtc = null,
        IReadOnlyList<string>? reconstructionDirectories = null)
    {
        ArgumentNullException.ThrowIfNull(probeDirectories);
        if (probeDirectories.Count == 0)
        {
            throw new LamaeException("no probe folder given (--probe)");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        ProbeReportSection[] probes = probeDirectories.Select(d => Probe(d, names)).ToArray();
        names.Clear();
        RunReportSection[] runs = (runDirectories ?? []).Select(d => Run(d, names)).ToArray();
        names.Clear();
        ReconstructionReportSection[] reconstructions = (reconstructionDirectories ?? [])
            .Select(d => ReconstructionReportSection.Read(d, UniqueNames.Take(Slug(FolderName(Path.GetFullPath(d))), names))).ToArray();
        return new ProbeReport(probes, runs, CodeVersion.Current, createdUtc ?? DateTime.UtcNow) { Reconstructions = reconstructions };
    }

    /// <summary>A file-name-safe form of <paramref name="name"/>: letters, digits, '.', '_' and '-' kept, anything else '-'.</summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string slug = new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-').ToArray());
        return slug.Trim('.').Length == 0 ? "unnamed" : slug;
    }

    private static ProbeReportSection Probe(string directory, HashSet<string> names)
    {
        ProbeFolder folder = ProbeFolder.Open(directory);
        ProbeResult result = folder.Read();
        Check(result, folder.PathOf(ProbeFolder.ResultFileName));
        string name = UniqueNames.Take(Slug(FolderName(folder.Directory)), names);
        string slug = name;
        string first = result.Embeddings[0].Name;
        IReadOnlyList<double> fractions = result.Protocol.Fractions;

        var macro = (from e in result.Embeddings.Select((x, i) => (x.Name, Index: i))
                     from f in fractions
                     let s = ScoreOf(result, e.Name, f)
                     let c = e.Index == 0 ? null : ComparisonOf(result, e.Name, f)
                     select new ReportMacroCell(e.Name, f, ReportInterval.Of(s.Auroc), ReportInterval.Of(s.Auprc), s.AurocPerSeed, s.AuprcPerSeed,
                         c is null ? null : ReportDifference.Of(c.Auroc, first), c is null ? null : ReportDifference.Of(c.Auprc, first))).ToArray();

        var codes = (from k in result.Labels.Codes
                     from f in fractions
                     from e in result.Embeddings.Select((x, i) => (x.Name, Index: i))
                     let s = ScoreOf(result, e.Name, f).Codes.First(x => x.Code == k.Code)
                     let c = e.Index == 0 ? null : ComparisonOf(result, e.Name, f).Codes.First(x => x.Code == k.Code)
                     select new ReportCodeCell(k.Code, e.Name, f, k.TestPositives, k.TestRecords, ReportInterval.Of(s.Auroc), ReportInterval.Of(s.Auprc),
                         c is null ? null : ReportDifference.Of(c.Auroc, first), c is null ? null : ReportDifference.Of(c.Auprc, first))).ToArray();

        var imageNames = new HashSet<string>(StringComparer.Ordinal);
        LeadWeightSummary[] leadWeights = result.Embeddings
            .Select(e => LeadWeightSummary.Read(e, result.Labels, $"lead-weights-{slug}-{UniqueNames.Take(Slug(e.Name), imageNames)}.png"))
            .OfType<LeadWeightSummary>().ToArray();

        return new ProbeReportSection(name, folder.Directory, result.Labels, result.Protocol, result.Embeddings, macro, codes, Constant(result), leadWeights,
            result.Cache, result.Dataset, result.CodeVersion, result.CreatedUtc, result.Seconds,
            new ProbeReportImages($"auroc-vs-fraction-{slug}.png", $"auprc-vs-fraction-{slug}.png", $"per-code-auroc-{slug}.png"), result);
    }

    // Per (fraction, embeddings folder, code) in table order, the seeds and parts whose probe had no model for the code.
    private static ReportConstantCode[] Constant(ProbeResult result)
    {
        var codeOrder = result.Labels.Codes.Select((c, i) => (c.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        var embeddingOrder = result.Embeddings.Select((e, i) => (e.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        return result.Fits
            .SelectMany(f => f.Constant.Select(c => (Fit: f, c.Code, c.Reason)))
            .GroupBy(x => (x.Fit.Fraction, x.Fit.Embedding, x.Code))
            .OrderBy(g => result.Protocol.Fractions.TakeWhile(f => f != g.Key.Fraction).Count())
            .ThenBy(g => embeddingOrder.GetValueOrDefault(g.Key.Embedding, int.MaxValue))
            .ThenBy(g => codeOrder.GetValueOrDefault(g.Key.Code, int.MaxValue))
            .Select(g => new ReportConstantCode(g.Key.Code, g.Key.Embedding, g.Key.Fraction,
                g.Select(x => x.Fit.Seed).Distinct().Order().ToArray(),
                g.Select(x => x.Fit.Part).Distinct(StringComparer.Ordinal).ToArray(),
                g.Select(x => x.Reason).Distinct(StringComparer.Ordinal).ToArray()))
            .ToArray();
    }

    private static RunReportSection Run(string directory, HashSet<string> names)
    {
        RunFolder run = RunFolder.Open(directory);
        RunConfig config = run.ReadConfig();
        IReadOnlyList<EpochMetrics> metrics;
        try
        {
            metrics = run.ReadMetrics();
        }
        catch (JsonException ex)
        {
            throw new LamaeException($"{run.MetricsPath}: not a metrics log ({ex.Message})", ex);
        }

        string name = UniqueNames.Take(Slug(FolderName(run.Directory)), names);
        return new RunReportSection(name, run.Directory, config.Model.Name, config.Model.Config.Name, config.Cache?.Directory ?? "unknown",
            metrics.Count, metrics.Count > 0 ? metrics[^1] : null, metrics.Count > 0 ? $"curve-{name}.png" : null, metrics);
    }

    // probe.json parsed, but a hand-edited or foreign file can miss what every table needs: say which, in one line.
    private static void Check(ProbeResult result, string path)
    {
        string? missing = Missing(result);
        if (missing is not null)
        {
            throw new LamaeException($"{path}: not a complete probe result ({missing} missing or incomplete); run 'lamae probe' again");
        }
    }

    private static string? Missing(ProbeResult r)
    {
        if (r.Labels?.Codes is null || r.Labels.Codes.Any(k => k?.Code is null) || r.Labels.Dropped is null)
        {
            return "labels";
        }

        if (r.Protocol?.Fractions is null || r.Protocol.Fractions.Count == 0 || r.Protocol.Seeds is null || r.Protocol.Parts is null)
        {
            return "protocol";
        }

        if (r.Embeddings is null || r.Embeddings.Count == 0 || r.Embeddings.Any(e => e?.Name is null))
        {
            return "embeddings";
        }

        if (r.Scores is null || r.Scores.Any(s => s?.Auroc is null || s.Auprc is null || s.Codes is null))
        {
            return "scores";
        }

        if (r.Comparisons is null || r.Comparisons.Any(c => c?.Auroc is null || c.Auprc is null || c.Codes is null))
        {
            return "comparisons";
        }

        if (r.Fits is null || r.Fits.Any(f => f?.Constant is null))
        {
            return "fits";
        }

        if (r.Cache is null)
        {
            return "cache";
        }

        for (int e = 0; e < r.Embeddings.Count; e++)
        {
            string name = r.Embeddings[e].Name;
            foreach (double f in r.Protocol.Fractions)
            {
                ProbeScore[] scores = [.. r.Scores.Where(s => s.Embedding == name && s.Fraction == f)];
                ProbeComparison[] comparisons = [.. r.Comparisons.Where(c => c.Embedding == name && c.Fraction == f)];
                bool complete = scores.Length == 1 && comparisons.Length == (e == 0 ? 0 : 1)
                    && r.Labels.Codes.All(k => scores[0].Codes.Any(x => x?.Code == k.Code && x.Auroc is not null && x.Auprc is not null))
                    && (e == 0 || r.Labels.Codes.All(k => comparisons[0].Codes.Any(x => x?.Code == k.Code && x.Auroc is not null && x.Auprc is not null)));
                if (!complete)
                {
                    return $"the scores of {name} at {ProbeRunner.Percent(f)} labels";
                }
            }
        }

        return null;
    }

    private static ProbeScore ScoreOf(ProbeResult result, string embedding, double fraction) =>
        result.Scores.First(s => s.Embedding == embedding && s.Fraction == fraction);

    private static ProbeComparison ComparisonOf(ProbeResult result, string embedding, double fraction) =>
        result.Comparisons.First(c => c.Embedding == embedding && c.Fraction == fraction);

    private static string FolderName(string directory) => Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
}

using System.Diagnostics;
using Lamae.Common;
using Lamae.Evaluation.Labels;
using static TorchSharp.torch;

namespace Lamae.Evaluation.Probing;

/// <summary>
/// The linear probe over one or more embeddings folders (DESIGN.md section 7, issue 16): per part of the protocol,
/// label fraction and seed, <see cref="ProbeSelection"/> fits every code on the chosen training patients, chooses C and
/// the class weighting on validation, and predicts the test records; then the patient bootstrap gives every metric's
/// interval and each folder's paired difference against the first.
/// </summary>
public static class ProbeRunner
{
    /// <summary>Runs the probe and writes it into <paramref name="folder"/> (predictions.csv, then probe.json).</summary>
    public static ProbeResult Run(ProbeFolder folder, ProbeInputs inputs, ProbeOptions? options = null, IProgress<ProbeProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new ProbeOptions();
        Validate(options);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<EmbeddedRecord> records = inputs.Records;
        LabelSet labels = inputs.Labels;
        IReadOnlyList<ProbePart> parts = ProbeSplits.Of(records, options.Protocol, options.CvParts);
        int[] test = parts.SelectMany(p => p.Test).Order().ToArray();
        var position = test.Select((row, i) => (row, i)).ToDictionary(x => x.row, x => x.i);
        int[] seeds = Enumerable.Range(0, options.Seeds).ToArray();
        ProbeEmbedding[] sources = [.. inputs.Embeddings, .. inputs.Finetuned.Select(f => f.Embedding)];
        if (sources.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() != sources.Length)
        {
            throw new LamaeException($"two rows share a name ({string.Join(", ", sources.Select(e => e.Name))}); rename a fine-tune with --name");
        }

        int reference = options.Reference is null ? 0 : Array.FindIndex(sources, e => e.Name == options.Reference);
        if (reference < 0)
        {
            // Before any fit: a mistyped name costs nothing.
            throw new LamaeException($"--reference {options.Reference}: no such row; the rows are {string.Join(", ", sources.Select(e => e.Name))}");
        }

        // scores[row][fraction][seed][code][test position]: the embeddings folders' probes, then the fine-tunes read from disk
        var scores = sources.Select(_ => options.Fractions.Select(_ => seeds.Select(_ =>
            labels.Codes.Select(_ => new double[test.Length]).ToArray()).ToArray()).ToArray()).ToArray();
        // The work: one unit per (embeddings folder, fraction, part), its seeds in order (a seed that draws the same
        // patients as an earlier one reuses its fit). Units write only their own slots, so any number of workers gives
        // the same bytes; the costly ones (large fractions) are started first.
        var units = (from e in Enumerable.Range(0, inputs.Embeddings.Count)
                     from f in Enumerable.Range(0, options.Fractions.Count)
                     from p in Enumerable.Range(0, parts.Count)
                     select (Embedding: e, Fraction: f, Part: p)).ToArray();
        var unitFits = new ProbeFitSummary[units.Length][];
        using var disposeX = NewDisposeScope();
        Tensor[] x = inputs.Features.Select((values, e) =>
            tensor(values, float32).reshape(records.Count, inputs.Embeddings[e].Dim).to(float64)).ToArray();  // [N, D] each
        int total = units.Length * seeds.Length, done = 0;
        var gate = new Lock();
        void Report(int finished, string current)
        {
            lock (gate)
            {
                done += finished;
                progress?.Report(new ProbeProgress(done, total, current));
            }
        }

        int[] order = Enumerable.Range(0, units.Length).OrderByDescending(u => options.Fractions[units[u].Fraction]).ThenBy(u => u).ToArray();
        void Unit(int u)
        {
            (int e, int f, int p) = units[u];
            ProbePart part = parts[p];
            var trained = new List<(int Seed, int[] Rows)>();
            var summaries = new ProbeFitSummary[seeds.Length];
            foreach (int seed in seeds)
            {
                cancel.ThrowIfCancellationRequested();
                string current = $"{inputs.Embeddings[e].Name}, {Percent(options.Fractions[f])} labels, seed {seed}{(parts.Count > 1 ? ", " + part.Name : string.Empty)}";
                Report(0, current);
                int[] train = LabelFractions.Choose(records, part.Train, options.Fractions[f], seed);
                (int Seed, int[] Rows) same = trained.FirstOrDefault(t => t.Rows.AsSpan().SequenceEqual(train));
                if (same.Rows is not null)
                {
                    // At fraction 1 (or where a fraction rounds to the same patients) the seeds share one training set.
                    CopyScores(scores[e][f][same.Seed], scores[e][f][seed], part.Test, position);
                    summaries[seed] = summaries[same.Seed] with { Seed = seed, SameAsSeed = same.Seed, Seconds = 0 };
                }
                else
                {
                    summaries[seed] = Fit(x[e], labels, records, part, train, scores[e][f][seed], position, options.Selection) with
                    {
                        Embedding = inputs.Embeddings[e].Name, Fraction = options.Fractions[f], Seed = seed,
                    };
                    trained.Add((seed, train));
                }

                Report(1, current);
            }

            unitFits[u] = summaries;
        }

        InParallel(order.Length, options.Workers, k => Unit(order[k]), cancel);

        List<ProbeFitSummary> fits = unitFits.SelectMany(s => s).ToList();
        for (int j = 0; j < inputs.Finetuned.Count; j++)
        {
            fits.AddRange(inputs.Finetuned[j].Fill(scores[inputs.Embeddings.Count + j], test, records, labels, options));
        }

        // The reference row goes first: every paired difference, table and report takes the first row as the reference.
        int[] rowOrder = [reference, .. Enumerable.Range(0, sources.Length).Where(i => i != reference)];
        sources = rowOrder.Select(i => sources[i]).ToArray();
        scores = rowOrder.Select(i => scores[i]).ToArray();

        CodeLabels testLabels = labels.Of(test);
        var bootstrap = new PatientBootstrap(test.Select(r => records[r].Patient).ToArray(), options.Bootstrap);
        // The bootstrap of each (fraction, embeddings folder), on the same workers; PatientBootstrap serves threads.
        var pairs = (from f in Enumerable.Range(0, options.Fractions.Count) from e in Enumerable.Range(0, sources.Length) select (f, e)).ToArray();
        var results = new ProbeScore[pairs.Length];
        var compared = new ProbeComparison?[pairs.Length];
        InParallel(pairs.Length, options.Workers, i =>
        {
            (int f, int e) = pairs[i];
            results[i] = Score(bootstrap, testLabels, scores[e][f]) with { Embedding = sources[e].Name, Fraction = options.Fractions[f] };
            if (e > 0)
            {
                compared[i] = Compare(bootstrap, testLabels, scores[e][f], scores[0][f]) with
                {
                    Embedding = sources[e].Name, Against = sources[0].Name, Fraction = options.Fractions[f],
                };
            }
        }, cancel);
        ProbeComparison[] comparisons = compared.OfType<ProbeComparison>().ToArray();

        var result = new ProbeResult(
            Labels(labels, records, parts, test, options),
            Protocol(records, parts, seeds, options),
            sources, results, comparisons, fits,
            inputs.Provenance.Cache, inputs.Provenance.Dataset, CodeVersion.Current, DateTime.UtcNow, clock.Elapsed.TotalSeconds);
        folder.Write(result, new ProbePredictions(sources, options.Fractions, seeds, test, records, labels, scores));
        return result;
    }

    /// <summary>Runs body(0 .. count-1) on up to <paramref name="workers"/> threads; the first failure is rethrown as it was thrown.</summary>
    private static void InParallel(int count, int workers, Action<int> body, CancellationToken cancel)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancel }, body);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>One probe: fit on <paramref name="train"/>, choose on the part's validation rows, predict its test rows into <paramref name="scores"/>.</summary>
    private static ProbeFitSummary Fit(Tensor x, LabelSet labels, IReadOnlyList<EmbeddedRecord> records, ProbePart part, int[] train,
        double[][] scores, Dictionary<int, int> position, ProbeSelectionOptions selection)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        Tensor Rows(int[] rows) => x.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));
        Tensor Labels(int[] rows) => tensor(labels.Labels.SelectMany(column => rows.Select(r => column[r] ? 1.0 : 0.0)).ToArray(), float64)
            .reshape(labels.Codes.Count, rows.Length).t();                                                     // [rows, C]
        ProbeSelectionResult chosen = ProbeSelection.Select(Rows(train), Labels(train), Rows(part.Validation), Labels(part.Validation), selection);

        IReadOnlyList<int> fitted = chosen.FittedCodes;
        double[] predicted = fitted.Count == 0 ? []  // so few labelled patients that no code has both classes: all predict their prevalence
            : chosen.PredictProbabilities(Rows(part.Test)).contiguous().data<double>().ToArray();  // [T, fitted]
        for (int t = 0; t < part.Test.Length; t++)
        {
            for (int k = 0; k < fitted.Count; k++)
            {
                scores[fitted[k]][position[part.Test[t]]] = predicted[t * fitted.Count + k];
            }
        }

        var constant = new List<SkippedCode>();
        foreach (ProbeSkippedCode skipped in chosen.Skipped)
        {
            double prevalence = train.Count(r => labels.Labels[skipped.Code][r]) / (double)train.Length;
            foreach (int row in part.Test)
            {
                scores[skipped.Code][position[row]] = prevalence;
            }

            constant.Add(new SkippedCode(labels.Codes[skipped.Code], $"{skipped.Reason}; predicts the training prevalence {prevalence:G4} for every record"));
        }

        ProbeCodeSetting[] settings = chosen.Choices.Select(c => new ProbeCodeSetting(
            labels.Codes[c.Code], c.Setting.C, c.Setting.ClassWeight.ToString().ToLowerInvariant(), c.ValidationLogLoss)).ToArray();
        return new ProbeFitSummary(string.Empty, 0, 0, part.Name, train.Select(r => records[r].Patient).Distinct(StringComparer.Ordinal).Count(),
            train.Length, settings, constant, null, chosen.Model.Evaluations, clock.Elapsed.TotalSeconds);
    }

    private static void CopyScores(double[][] from, double[][] to, int[] rows, Dictionary<int, int> position)
    {
        for (int k = 0; k < from.Length; k++)
        {
            foreach (int row in rows)
            {
                to[k][position[row]] = from[k][position[row]];
            }
        }
    }

    private static ProbeScore Score(PatientBootstrap bootstrap, CodeLabels labels, double[][][] seeds)
    {
        ProbeCodeScore[] codes = labels.Codes.Select((code, k) =>
        {
            var single = new CodeLabels([code], [labels.Labels[k]]);
            double[][][] column = seeds.Select(s => new[] { s[k] }).ToArray();
            return new ProbeCodeScore(code,
                Single(bootstrap.EstimateMean(BinaryMetric.Auroc, single, column)),
                Single(bootstrap.EstimateMean(BinaryMetric.AveragePrecision, single, column)));
        }).ToArray();
        return new ProbeScore(string.Empty, 0,
            bootstrap.EstimateMean(BinaryMetric.Auroc, labels, seeds),
            bootstrap.EstimateMean(BinaryMetric.AveragePrecision, labels, seeds),
            seeds.Select(s => MacroAverage.Compute(BinaryMetric.Auroc, labels, s).Value).ToArray(),
            seeds.Select(s => MacroAverage.Compute(BinaryMetric.AveragePrecision, labels, s).Value).ToArray(),
            codes);
    }

    private static ProbeComparison Compare(PatientBootstrap bootstrap, CodeLabels labels, double[][][] a, double[][][] b)
    {
        ProbeCodeComparison[] codes = labels.Codes.Select((code, k) =>
        {
            var single = new CodeLabels([code], [labels.Labels[k]]);
            double[][][] columnA = a.Select(s => new[] { s[k] }).ToArray(), columnB = b.Select(s => new[] { s[k] }).ToArray();
            return new ProbeCodeComparison(code,
                Single(bootstrap.CompareMean(BinaryMetric.Auroc, single, columnA, columnB)),
                Single(bootstrap.CompareMean(BinaryMetric.AveragePrecision, single, columnA, columnB)));
        }).ToArray();
        return new ProbeComparison(string.Empty, string.Empty, 0,
            bootstrap.CompareMean(BinaryMetric.Auroc, labels, a, b),
            bootstrap.CompareMean(BinaryMetric.AveragePrecision, labels, a, b),
            codes);
    }

    // One code's estimate: its reason, if undefined, moves from the skipped-code list to UndefinedReason.
    private static BootstrapEstimate Single(BootstrapEstimate e) =>
        e with { UndefinedReason = e.Value is null ? (e.SkippedCodes.Count > 0 ? e.SkippedCodes[0].Reason : null) ?? e.UndefinedReason : null, SkippedCodes = [] };

    private static PairedComparison Single(PairedComparison c) =>
        c with { UndefinedReason = c.Difference is null ? (c.SkippedCodes.Count > 0 ? c.SkippedCodes[0].Reason : null) ?? c.UndefinedReason : null, SkippedCodes = [] };

    private static ProbeLabels Labels(LabelSet labels, IReadOnlyList<EmbeddedRecord> records, IReadOnlyList<ProbePart> parts, int[] test, ProbeOptions options)
    {
        int[] train = parts.SelectMany(p => p.Train).Distinct().ToArray();
        int[] validation = parts.SelectMany(p => p.Validation).Distinct().ToArray();
        int Positives(int k, int[] rows) => rows.Count(r => labels.Labels[k][r]);
        var codes = labels.Codes.Select((code, k) => new ProbeCodeCounts(code, labels.TrainingPatients[k],
            Positives(k, train), Positives(k, validation), Positives(k, test), test.Length)).ToArray();
        return new ProbeLabels(labels.Name, labels.Description, labels.MinPatients, codes, labels.Dropped);
    }

    private static ProbeProtocolSummary Protocol(IReadOnlyList<EmbeddedRecord> records, IReadOnlyList<ProbePart> parts, int[] seeds, ProbeOptions options)
    {
        int Patients(int[] rows) => rows.Select(r => records[r].Patient).Distinct(StringComparer.Ordinal).Count();
        return new ProbeProtocolSummary(
            options.Protocol == ProbeProtocol.Folds
                ? "folds: the dataset's patient-wise train / validation / test split"
                : $"cv: the patient-wise folds dealt round-robin into {options.CvParts} parts; each part predicted by a probe trained on the others, the next part its validation; metrics on the pooled out-of-part predictions",
            parts.Select(p => new ProbePartSummary(p.Name, Patients(p.Train), p.Train.Length, Patients(p.Validation), p.Validation.Length, Patients(p.Test), p.Test.Length)).ToArray(),
            options.Fractions, seeds, options.Selection.CGrid, options.Selection.ClassWeights.Select(w => w.ToString().ToLowerInvariant()).ToArray(),
            "per code, the (class weighting, C) with the least unweighted validation log-loss; ties to the first in grid order (no weighting, then smaller C)",
            "each feature standardised with the mean and standard deviation of the probe's training rows",
            "a code with one class among a probe's training rows gets no model and predicts its training prevalence (AUROC 0.5); it stays in the macro average",
            options.Bootstrap.Resamples, options.Bootstrap.Seed, options.Bootstrap.Confidence, options.Selection.Solver.GradientTolerance);
    }

    private static void Validate(ProbeOptions options)
    {
        if (options.Fractions.Count == 0 || options.Fractions.Any(f => !(f > 0 && f <= 1)))
        {
            throw new LamaeException($"--fractions {string.Join(',', options.Fractions)}: each label fraction must lie in (0, 1]");
        }

        if (options.Fractions.Distinct().Count() != options.Fractions.Count)
        {
            throw new LamaeException($"--fractions {string.Join(',', options.Fractions)}: a fraction is given twice");
        }

        if (options.Workers < 1)
        {
            throw new LamaeException($"workers {options.Workers}: at least one");
        }

        if (options.Seeds < 1)
        {
            throw new LamaeException($"--seeds {options.Seeds}: at least one seed");
        }
    }

    /// <summary>"1 %", "10 %", "100 %".</summary>
    public static string Percent(double fraction) => $"{fraction * 100:0.##} %";
}

namespace Lamae.Evaluation;

/// <summary>
/// The bootstrap over test patients (DESIGN.md section 7): each resample draws as many patients as the test set has,
/// with replacement, and a drawn patient brings all their records, so records of one patient never count as independent.
/// Resample b draws its patients with outputs b·P + 1 ... b·P + P of <see cref="BootstrapRandom"/> (P patients, indexed in
/// the order they first appear in the record list), so every metric, model and comparison sees the same resamples.
/// Immutable, and each call keeps its work buffers to itself: one instance may serve several threads.
/// </summary>
public sealed class PatientBootstrap
{
    private readonly int[] patientOf;
    private readonly int[][] recordsOf;
    private readonly string[] patients;

    /// <summary>A bootstrap over the patients of the test records: <paramref name="patientIds"/> holds each record's patient.</summary>
    public PatientBootstrap(IReadOnlyList<string> patientIds, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        Options = options ?? new BootstrapOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Options.Resamples, "options.Resamples");
        if (!(Options.Confidence > 0 && Options.Confidence < 1))
        {
            throw new ArgumentOutOfRangeException("options.Confidence", Options.Confidence, "the confidence of an interval lies in (0, 1)");
        }

        if (patientIds.Count == 0)
        {
            throw new ArgumentException("no records to resample", nameof(patientIds));
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<int>>();
        patientOf = new int[patientIds.Count];
        for (int r = 0; r < patientIds.Count; r++)
        {
            string id = patientIds[r];
            if (string.IsNullOrEmpty(id))
            {
                throw new ArgumentException($"record {r} has no patient id; the bootstrap resamples patients", nameof(patientIds));
            }

            if (!index.TryGetValue(id, out int p))
            {
                p = index.Count;
                index.Add(id, p);
                members.Add([]);
            }

            patientOf[r] = p;
            members[p].Add(r);
        }

        recordsOf = members.Select(m => m.ToArray()).ToArray();
        patients = [.. index.Keys];
    }

    /// <summary>The resample count, seed and confidence.</summary>
    public BootstrapOptions Options { get; }

    /// <summary>The distinct patients in the order they first appear; <see cref="DrawnPatients"/> gives indices into this list.</summary>
    public IReadOnlyList<string> Patients => patients;

    /// <summary>The number of test records.</summary>
    public int RecordCount => patientOf.Length;

    /// <summary>The patients (indices into <see cref="Patients"/>) drawn by resample <paramref name="resample"/>, in draw order.</summary>
    public int[] DrawnPatients(int resample)
    {
        CheckResample(resample);
        int[] drawn = new int[patients.Length];
        BootstrapRandom random = RandomOf(resample);
        for (int j = 0; j < drawn.Length; j++)
        {
            drawn[j] = random.NextIndex(patients.Length);
        }

        return drawn;
    }

    /// <summary>The records of resample <paramref name="resample"/>: each drawn patient's records (ascending), patient after patient.</summary>
    public int[] Records(int resample) => DrawnPatients(resample).SelectMany(p => recordsOf[p]).ToArray();

    /// <summary>One code's metric on the full test set and its percentile interval over the resamples.</summary>
    public BootstrapEstimate Estimate(BinaryMetric metric, ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        BootstrapEstimate e = EstimateMacro(metric, Single(labels), [scores.ToArray()]);
        return e with { UndefinedReason = e.Value is null ? e.SkippedCodes[0].Reason : null, SkippedCodes = [] };
    }

    /// <summary>The macro average (see <see cref="MacroAverage"/>) on the full test set and its percentile interval.</summary>
    public BootstrapEstimate EstimateMacro(BinaryMetric metric, CodeLabels labels, IReadOnlyList<double[]> scores) =>
        EstimateMean(metric, labels, [scores]);

    /// <summary>
    /// The mean over several fits (for example one per seed, scores[fit][code][record]) of their macro averages on the
    /// full test set, and its percentile interval: each resample averages the fits' macro values on the same patients.
    /// With one fit it is <see cref="EstimateMacro"/>.
    /// </summary>
    public BootstrapEstimate EstimateMean(BinaryMetric metric, CodeLabels labels, IReadOnlyList<IReadOnlyList<double[]>> fits)
    {
        (RankedCode[][] ranked, List<SkippedCode> skipped) = RankFits(labels, fits);
        if (ranked[0].Length == 0)
        {
            return new BootstrapEstimate(metric, null, null, null, Options.Resamples, Options.Resamples, MacroAverage.NoCodeReason, skipped);
        }

        double[] values = MeanOverFits(metric, ranked);
        double[] kept = values.Where(v => !double.IsNaN(v)).ToArray();
        (double? lower, double? upper) = Interval(kept);
        return new BootstrapEstimate(metric, FullValue(metric, ranked), lower, upper, Options.Resamples, values.Length - kept.Length, null, skipped);
    }

    /// <summary>Model A minus model B on one code: the difference, its interval over the same resamples, and a p-value.</summary>
    public PairedComparison Compare(BinaryMetric metric, ReadOnlySpan<double> scoresA, ReadOnlySpan<double> scoresB, ReadOnlySpan<bool> labels)
    {
        PairedComparison c = CompareMacro(metric, Single(labels), [scoresA.ToArray()], [scoresB.ToArray()]);
        return c with { UndefinedReason = c.Difference is null ? c.SkippedCodes[0].Reason : null, SkippedCodes = [] };
    }

    /// <summary>Macro average of model A minus that of model B, over the codes with both classes on the full test set.</summary>
    public PairedComparison CompareMacro(BinaryMetric metric, CodeLabels labels, IReadOnlyList<double[]> scoresA, IReadOnlyList<double[]> scoresB) =>
        CompareMean(metric, labels, [scoresA], [scoresB]);

    /// <summary>
    /// The mean over A's fits of their macro averages minus that over B's fits (scores[fit][code][record]), on the same
    /// resamples. With one fit each it is <see cref="CompareMacro"/>.
    /// </summary>
    public PairedComparison CompareMean(BinaryMetric metric, CodeLabels labels, IReadOnlyList<IReadOnlyList<double[]>> fitsA, IReadOnlyList<IReadOnlyList<double[]>> fitsB)
    {
        (RankedCode[][] rankedA, List<SkippedCode> skipped) = RankFits(labels, fitsA);
        (RankedCode[][] rankedB, _) = RankFits(labels, fitsB);
        if (rankedA[0].Length == 0)
        {
            return new PairedComparison(metric, null, null, null, null, null, null, Options.Resamples, Options.Resamples, MacroAverage.NoCodeReason, skipped);
        }

        double[] a = MeanOverFits(metric, rankedA);
        double[] b = MeanOverFits(metric, rankedB);
        // The labels decide whether a resample is skipped, and both models share them: A and B are skipped together.
        double[] differences = a.Zip(b, (x, y) => x - y).Where(d => !double.IsNaN(d)).ToArray();
        (double? lower, double? upper) = Interval(differences);
        double valueA = FullValue(metric, rankedA), valueB = FullValue(metric, rankedB);
        return new PairedComparison(
            metric, valueA, valueB, valueA - valueB, lower, upper,
            differences.Length == 0 ? null : BootstrapStatistics.PValue(differences),
            Options.Resamples, a.Length - differences.Length, null, skipped);
    }

    /// <summary>
    /// The per-resample macro value of the codes, null where a code has a single class in the resample
    /// (exposed to the tests, which compare every replicate with scikit-learn's).
    /// </summary>
    internal double?[] Replicates(BinaryMetric metric, CodeLabels labels, IReadOnlyList<double[]> scores)
    {
        (RankedCode[] ranked, _) = Rank(labels, scores);
        return ReplicateValues(metric, ranked).Select(v => double.IsNaN(v) ? (double?)null : v).ToArray();
    }

    // The hot loop: per resample, patient counts (P draws), record weights (one pass), then one sweep per code with
    // no sorting and no allocation; NaN marks a skipped resample inside this class only.
    private double[] ReplicateValues(BinaryMetric metric, RankedCode[] ranked)
    {
        double[] values = new double[Options.Resamples];
        int[] counts = new int[patients.Length];
        int[] weights = new int[patientOf.Length];
        for (int b = 0; b < values.Length; b++)
        {
            Array.Clear(counts);
            BootstrapRandom random = RandomOf(b);
            for (int j = 0; j < counts.Length; j++)
            {
                counts[random.NextIndex(counts.Length)]++;
            }

            for (int r = 0; r < weights.Length; r++)
            {
                weights[r] = counts[patientOf[r]];
            }

            values[b] = Mean(metric, ranked, weights);
        }

        return values;
    }

    // NaN when a code lacks a class under these weights: the macro's codes are fixed on the full set, so a resample that
    // loses one of them estimates a different average and is skipped rather than averaged over fewer codes.
    private static double Mean(BinaryMetric metric, RankedCode[] ranked, ReadOnlySpan<int> weights)
    {
        double sum = 0;
        foreach (RankedCode code in ranked)
        {
            double value = code.Sweep(metric, weights, out long positives, out long negatives);
            if (positives == 0 || negatives == 0)
            {
                return double.NaN;
            }

            sum += value;
        }

        return sum / ranked.Length;
    }

    private (double? Lower, double? Upper) Interval(double[] kept)
    {
        if (kept.Length == 0)
        {
            return (null, null);
        }

        double tail = (1 - Options.Confidence) / 2;
        return (BootstrapStatistics.Percentile(kept, tail), BootstrapStatistics.Percentile(kept, 1 - tail));
    }

    private (RankedCode[][] Ranked, List<SkippedCode> Skipped) RankFits(CodeLabels labels, IReadOnlyList<IReadOnlyList<double[]>> fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        if (fits.Count == 0)
        {
            throw new ArgumentException("no fit to average", nameof(fits));
        }

        var ranked = new RankedCode[fits.Count][];
        List<SkippedCode> skipped = [];
        for (int f = 0; f < fits.Count; f++)
        {
            (ranked[f], List<SkippedCode> s) = Rank(labels, fits[f]);
            skipped = f == 0 ? s : skipped;
        }

        return (ranked, skipped);
    }

    // Per resample, the mean over fits of their macro values; NaN where the resample is skipped (decided by the labels,
    // which every fit shares).
    private double[] MeanOverFits(BinaryMetric metric, RankedCode[][] fits)
    {
        double[] sum = ReplicateValues(metric, fits[0]);
        for (int f = 1; f < fits.Length; f++)
        {
            double[] values = ReplicateValues(metric, fits[f]);
            for (int b = 0; b < sum.Length; b++)
            {
                sum[b] += values[b];
            }
        }

        if (fits.Length > 1)
        {
            for (int b = 0; b < sum.Length; b++)
            {
                sum[b] /= fits.Length;
            }
        }

        return sum;
    }

    private static double FullValue(BinaryMetric metric, RankedCode[][] fits)
    {
        double sum = 0;
        foreach (RankedCode[] ranked in fits)
        {
            sum += Mean(metric, ranked, []);
        }

        return fits.Length == 1 ? sum : sum / fits.Length;
    }

    private (RankedCode[] Ranked, List<SkippedCode> Skipped) Rank(CodeLabels labels, IReadOnlyList<double[]> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CodeLabels.Check(labels, scores);
        if (labels.RecordCount != patientOf.Length && labels.Codes.Count > 0)
        {
            throw new ArgumentException($"{labels.RecordCount} labelled records, the bootstrap has {patientOf.Length}; pass the test set's records in one order", nameof(labels));
        }

        var ranked = new List<RankedCode>();
        var skipped = new List<SkippedCode>();
        for (int c = 0; c < labels.Codes.Count; c++)
        {
            if (ClassCounts.Of(labels.Labels[c]).SkipReason is string reason)
            {
                skipped.Add(new SkippedCode(labels.Codes[c], reason));
            }
            else
            {
                ranked.Add(RankedCode.From(scores[c], labels.Labels[c], $"code {labels.Codes[c]}"));
            }
        }

        return ([.. ranked], skipped);
    }

    private static CodeLabels Single(ReadOnlySpan<bool> labels) => new(["code"], [labels.ToArray()]);

    private BootstrapRandom RandomOf(int resample) => new(Options.Seed, (ulong)resample * (ulong)patients.Length);

    private void CheckResample(int resample)
    {
        if (resample < 0 || resample >= Options.Resamples)
        {
            throw new ArgumentOutOfRangeException(nameof(resample), resample, $"resamples are numbered 0 to {Options.Resamples - 1}");
        }
    }
}

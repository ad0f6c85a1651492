using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lamae.Evaluation;

namespace Lamae.Tests.Evaluation;

// Reference values: tests/reference/evaluation_reference.py (sklearn.metrics.roc_auc_score, average_precision_score), embedded JSON.
public sealed class BinaryMetricsTests
{
    /// <summary>
    /// The same sums in a different order (scikit-learn integrates rates, Lamae counts) separate the two by rounding
    /// alone, about 1e-15; 1e-9 is the agreement the evaluation promises.
    /// </summary>
    internal const double ReferenceTolerance = 1e-9;

    public static TheoryData<int> Cases() => new(Enumerable.Range(0, SklearnReference.Metrics.Count));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Auroc_equals_sklearns_roc_auc_score(int index)
    {
        SklearnReference.MetricCase c = SklearnReference.Metrics[index];

        double? auroc = BinaryMetrics.Auroc(c.Scores, c.Labels);

        Assert.NotNull(auroc);
        Assert.True(Math.Abs(auroc.Value - c.Auroc) <= ReferenceTolerance, $"{c}: AUROC {auroc:R}, scikit-learn {c.Auroc:R}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Average_precision_equals_sklearns_average_precision_score(int index)
    {
        SklearnReference.MetricCase c = SklearnReference.Metrics[index];

        double? ap = BinaryMetrics.AveragePrecision(c.Scores, c.Labels);

        Assert.NotNull(ap);
        Assert.True(Math.Abs(ap.Value - c.AveragePrecision) <= ReferenceTolerance, $"{c}: AP {ap:R}, scikit-learn {c.AveragePrecision:R}");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 9)]
    [InlineData(7, 2)]
    public void All_equal_scores_give_one_half_and_the_prevalence(int positives, int negatives)
    {
        bool[] labels = [.. Enumerable.Repeat(true, positives), .. Enumerable.Repeat(false, negatives)];
        double[] scores = Enumerable.Repeat(0.25, labels.Length).ToArray();

        Assert.Equal(0.5, BinaryMetrics.Auroc(scores, labels));
        Assert.Equal((double)positives / labels.Length, BinaryMetrics.AveragePrecision(scores, labels)!.Value, 15);
    }

    [Theory]
    [InlineData(false, "single class: no positive record (all 4 negative)")]
    [InlineData(true, "single class: no negative record (all 4 positive)")]
    public void A_single_class_gives_no_AUROC_and_says_why(bool label, string reason)
    {
        bool[] labels = Enumerable.Repeat(label, 4).ToArray();

        double? auroc = BinaryMetrics.Auroc([0.1, 0.4, 0.3, 0.9], labels);

        Assert.Null(auroc);
        Assert.Equal(reason, ClassCounts.Of(labels).SkipReason);
    }

    [Fact]
    public void Average_precision_is_null_without_a_positive_and_one_without_a_negative()
    {
        Assert.Null(BinaryMetrics.AveragePrecision([0.1, 0.4, 0.3], [false, false, false]));
        Assert.Equal(1.0, BinaryMetrics.AveragePrecision([0.1, 0.4, 0.3], [true, true, true]));
        Assert.Null(BinaryMetrics.Auroc([], []));
        Assert.Equal("no records", ClassCounts.Of([]).SkipReason);
    }

    // An independent definition: U of the positives with average ranks for ties, over P x N pairs.
    [Property(MaxTest = 200)]
    public Property Auroc_equals_the_Mann_Whitney_U_with_average_ranks(PositiveInt size, int seed)
    {
        var rng = new Random(seed);
        int n = 2 + (size.Get % 300);
        bool[] labels = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3).ToArray();
        labels[0] = true;
        labels[1] = false;
        // Few distinct levels, so most scores are tied with others of both classes.
        int levels = 1 + rng.Next(12);
        double[] scores = Enumerable.Range(0, n).Select(_ => (double)rng.Next(levels)).ToArray();

        double expected = MannWhitneyAuc(scores, labels);
        double actual = BinaryMetrics.Auroc(scores, labels)!.Value;

        return (Math.Abs(actual - expected) <= 1e-12).Label($"n {n}, levels {levels}: {actual:R} vs U {expected:R}");
    }

    [Property(MaxTest = 100)]
    public Property Metrics_do_not_depend_on_the_order_of_the_records(PositiveInt size, int seed)
    {
        var rng = new Random(seed);
        int n = 2 + (size.Get % 200);
        bool[] labels = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.5).ToArray();
        labels[0] = true;
        labels[1] = false;
        double[] scores = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), 1)).ToArray();
        int[] permutation = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        double[] shuffledScores = permutation.Select(i => scores[i]).ToArray();
        bool[] shuffledLabels = permutation.Select(i => labels[i]).ToArray();

        bool same = BinaryMetrics.Auroc(scores, labels) == BinaryMetrics.Auroc(shuffledScores, shuffledLabels)
            && BinaryMetrics.AveragePrecision(scores, labels) == BinaryMetrics.AveragePrecision(shuffledScores, shuffledLabels);

        return same.Label($"n {n}");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_score_is_refused_naming_the_record(double bad)
    {
        var e = Assert.Throws<ArgumentException>(() => BinaryMetrics.Auroc([0.1, bad, 0.3], [true, false, true]));

        Assert.Contains("score 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_and_labels_of_different_lengths_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => BinaryMetrics.AveragePrecision([0.1, 0.2], [true, false, true]));

        Assert.Contains("2 scores for 3 labels", e.Message, StringComparison.Ordinal);
    }

    private static double MannWhitneyAuc(double[] scores, bool[] labels)
    {
        int[] order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        double[] ranks = new double[scores.Length];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end < order.Length && scores[order[end]] == scores[order[start]])
            {
                end++;
            }

            // Ranks start + 1 ... end share their mean.
            double average = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++)
            {
                ranks[order[k]] = average;
            }

            start = end;
        }

        long positives = labels.Count(l => l);
        long negatives = labels.Length - positives;
        double u = Enumerable.Range(0, scores.Length).Where(i => labels[i]).Sum(i => ranks[i]) - (positives * (positives + 1) / 2.0);
        return u / (positives * negatives);
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lamae.Evaluation;

namespace Lamae.Tests.Evaluation;

// Reference values: tests/reference/evaluation_reference.py (the same resamples drawn in Python, each materialised and
// scored with scikit-learn; intervals by numpy.percentile), embedded JSON.
public sealed class PatientBootstrapTests
{
    private const double Tolerance = BinaryMetricsTests.ReferenceTolerance;

    public static TheoryData<int> Targets() => new(Enumerable.Range(0, SklearnReference.Bootstrap.Results.Length));

    [Fact]
    public void Drawn_patients_equal_the_Python_references_resamples()
    {
        SklearnReference.BootstrapCase c = SklearnReference.Bootstrap;

        PatientBootstrap bootstrap = Bootstrap(c);

        Assert.Equal(c.PatientIds.Distinct(), bootstrap.Patients);
        for (int b = 0; b < c.Resamples; b++)
        {
            Assert.Equal(c.DrawnPatients[b], bootstrap.DrawnPatients(b));
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_resamples_value_equals_sklearns_on_the_materialised_resample(int index)
    {
        SklearnReference.BootstrapCase c = SklearnReference.Bootstrap;
        SklearnReference.BootstrapTarget t = c.Results[index];
        PatientBootstrap bootstrap = Bootstrap(c);

        double?[] a = bootstrap.Replicates(t.Metric, c.Select(t.Codes), c.Select(c.ScoresA, t.Codes));
        double?[] b = bootstrap.Replicates(t.Metric, c.Select(t.Codes), c.Select(c.ScoresB, t.Codes));

        AssertClose(t.ReplicatesA, a, $"{t} A");
        AssertClose(t.ReplicatesB, b, $"{t} B");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Estimates_intervals_and_skipped_resamples_equal_the_reference(int index)
    {
        SklearnReference.BootstrapCase c = SklearnReference.Bootstrap;
        SklearnReference.BootstrapTarget t = c.Results[index];
        PatientBootstrap bootstrap = Bootstrap(c);

        BootstrapEstimate a = Estimate(bootstrap, c, t, c.ScoresA);
        BootstrapEstimate b = Estimate(bootstrap, c, t, c.ScoresB);

        AssertEstimate(t.ValueA, t.IntervalA, t.Skipped, a, $"{t} A");
        AssertEstimate(t.ValueB, t.IntervalB, t.Skipped, b, $"{t} B");
        Assert.Equal(c.Resamples, a.Resamples);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Paired_differences_intervals_and_p_values_equal_the_reference(int index)
    {
        SklearnReference.BootstrapCase c = SklearnReference.Bootstrap;
        SklearnReference.BootstrapTarget t = c.Results[index];
        PatientBootstrap bootstrap = Bootstrap(c);

        PairedComparison d = t.Target == "macro"
            ? bootstrap.CompareMacro(t.Metric, c.Labels, c.ScoresA, c.ScoresB)
            : bootstrap.Compare(t.Metric, c.Select(c.ScoresA, t.Codes)[0], c.Select(c.ScoresB, t.Codes)[0], c.Select(t.Codes).Labels[0]);

        Assert.True(Math.Abs(d.Difference!.Value - t.Difference) <= Tolerance, $"{t}: difference {d.Difference:R} vs {t.Difference:R}");
        Assert.True(Math.Abs(d.A!.Value - t.ValueA) <= Tolerance && Math.Abs(d.B!.Value - t.ValueB) <= Tolerance, $"{t}: A {d.A:R}, B {d.B:R}");
        Assert.True(Math.Abs(d.Lower!.Value - t.DifferenceInterval[0]) <= Tolerance, $"{t}: lower {d.Lower:R} vs {t.DifferenceInterval[0]:R}");
        Assert.True(Math.Abs(d.Upper!.Value - t.DifferenceInterval[1]) <= Tolerance, $"{t}: upper {d.Upper:R} vs {t.DifferenceInterval[1]:R}");
        Assert.True(Math.Abs(d.PValue!.Value - t.PValue) <= Tolerance, $"{t}: p {d.PValue:R} vs {t.PValue:R}");
        Assert.Equal(t.Skipped, d.SkippedResamples);
    }

    [Fact]
    public void The_reference_problem_skips_resamples_of_the_rare_code_and_the_code_without_positives()
    {
        SklearnReference.BootstrapCase c = SklearnReference.Bootstrap;
        PatientBootstrap bootstrap = Bootstrap(c);

        BootstrapEstimate macro = bootstrap.EstimateMacro(BinaryMetric.Auroc, c.Labels, c.ScoresA);

        // The rare code's 3 positives belong to 2 of 25 patients: some resamples draw neither and are skipped, not averaged.
        Assert.InRange(macro.SkippedResamples, 1, c.Resamples / 2);
        Assert.Equal([new SkippedCode("absent", "single class: no positive record (all 60 negative)")], macro.SkippedCodes);
        Assert.Null(macro.UndefinedReason);
    }

    [Fact]
    public void A_code_without_a_positive_has_no_estimate_and_says_why_never_NaN()
    {
        var bootstrap = new PatientBootstrap(["p1", "p1", "p2", "p3"], new BootstrapOptions { Resamples = 20 });
        bool[] labels = [false, false, false, false];
        double[] scores = [0.1, 0.2, 0.3, 0.4];

        BootstrapEstimate estimate = bootstrap.Estimate(BinaryMetric.Auroc, scores, labels);
        PairedComparison comparison = bootstrap.Compare(BinaryMetric.AveragePrecision, scores, scores, labels);

        Assert.Equal((null, null, null), (estimate.Value, estimate.Lower, estimate.Upper));
        Assert.Equal((20, 20), (estimate.Resamples, estimate.SkippedResamples));
        Assert.Equal("single class: no positive record (all 4 negative)", estimate.UndefinedReason);
        Assert.Empty(estimate.SkippedCodes);
        Assert.Null(comparison.Difference);
        Assert.Null(comparison.PValue);
        Assert.Equal("single class: no positive record (all 4 negative)", comparison.UndefinedReason);
        BootstrapEstimate macro = bootstrap.EstimateMacro(BinaryMetric.Auroc, new CodeLabels(["LBBB"], [labels]), [scores]);
        Assert.Null(macro.Value);
        Assert.Equal("no code has both a positive and a negative record", macro.UndefinedReason);
        Assert.Equal([new SkippedCode("LBBB", "single class: no positive record (all 4 negative)")], macro.SkippedCodes);
    }

    [Fact]
    public void A_model_compared_with_itself_differs_by_zero_with_p_value_one()
    {
        SklearnReference.BootstrapCase c = SklearnReference.Bootstrap;
        PatientBootstrap bootstrap = Bootstrap(c);

        PairedComparison d = bootstrap.CompareMacro(BinaryMetric.Auroc, c.Labels, c.ScoresA, c.ScoresA);

        Assert.Equal((0.0, 0.0, 0.0, 1.0), (d.Difference, d.Lower, d.Upper, d.PValue));
    }

    [Fact]
    public void The_same_seed_gives_the_same_resamples_and_another_seed_others()
    {
        string[] patients = Enumerable.Range(0, 90).Select(r => $"p{r % 37}").ToArray();
        var first = new PatientBootstrap(patients, new BootstrapOptions { Resamples = 50, Seed = 7 });
        var second = new PatientBootstrap(patients, new BootstrapOptions { Resamples = 50, Seed = 7 });
        var other = new PatientBootstrap(patients, new BootstrapOptions { Resamples = 50, Seed = 8 });

        for (int b = 0; b < 50; b++)
        {
            Assert.Equal(first.Records(b), second.Records(b));
            Assert.Equal(first.Records(b), first.Records(b));
        }

        Assert.NotEqual(first.DrawnPatients(0), other.DrawnPatients(0));
        Assert.NotEqual(first.DrawnPatients(0), first.DrawnPatients(1));
    }

    // Whatever the patients and their record counts, a resample holds each drawn patient's records, all of them, as often
    // as the patient was drawn, and nothing else.
    [Property(MaxTest = 100)]
    public Property A_resample_moves_each_patient_with_all_their_records(PositiveInt records, PositiveInt patients, int seed)
    {
        int n = 1 + (records.Get % 120);
        int p = 1 + (patients.Get % n);
        var rng = new Random(seed);
        string[] ids = Enumerable.Range(0, n).Select(r => r < p ? $"id{r}" : $"id{rng.Next(p)}").OrderBy(_ => rng.Next()).ToArray();
        var bootstrap = new PatientBootstrap(ids, new BootstrapOptions { Resamples = 5, Seed = seed });

        bool together = Enumerable.Range(0, 5).All(b =>
        {
            int[] drawn = bootstrap.DrawnPatients(b);
            int[] resampled = bootstrap.Records(b);
            var timesDrawn = drawn.GroupBy(i => bootstrap.Patients[i]).ToDictionary(g => g.Key, g => g.Count());
            var timesIn = resampled.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
            return drawn.Length == bootstrap.Patients.Count
                && Enumerable.Range(0, n).All(r => timesIn.GetValueOrDefault(r) == timesDrawn.GetValueOrDefault(ids[r]))
                && resampled.Length == drawn.Sum(i => ids.Count(id => id == bootstrap.Patients[i]));
        });

        return together.Label($"{n} records of {p} patients");
    }

    // Lamae sweeps patient-count weights; repeating the records and computing the metric afresh must give the same.
    [Property(MaxTest = 40)]
    public Property Weighted_replicates_equal_the_metric_of_the_materialised_resample(PositiveInt records, int seed)
    {
        int n = 4 + (records.Get % 80);
        var rng = new Random(seed);
        string[] ids = Enumerable.Range(0, n).Select(_ => $"id{rng.Next(1 + (n / 2))}").ToArray();
        bool[] labels = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.4).ToArray();
        double[] scores = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), 1)).ToArray();
        var bootstrap = new PatientBootstrap(ids, new BootstrapOptions { Resamples = 30, Seed = seed });
        var codeLabels = new CodeLabels(["x"], [labels]);

        bool same = Enum.GetValues<BinaryMetric>().All(metric =>
        {
            double?[] replicates = bootstrap.Replicates(metric, codeLabels, [scores]);
            return Enumerable.Range(0, 30).All(b =>
            {
                int[] rs = bootstrap.Records(b);
                bool[] y = rs.Select(r => labels[r]).ToArray();
                double? expected = ClassCounts.Of(y).HasBothClasses ? BinaryMetrics.Compute(metric, rs.Select(r => scores[r]).ToArray(), y) : null;
                return expected is null ? replicates[b] is null : Math.Abs(replicates[b]!.Value - expected.Value) <= 1e-12;
            });
        });

        return same.Label($"{n} records");
    }

    [Fact]
    public void Labels_for_another_number_of_records_are_refused()
    {
        var bootstrap = new PatientBootstrap(["p1", "p2", "p3"]);

        var e = Assert.Throws<ArgumentException>(() => bootstrap.Estimate(BinaryMetric.Auroc, [0.1, 0.2], [true, false]));

        Assert.Contains("2 labelled records, the bootstrap has 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_without_a_patient_is_refused_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => new PatientBootstrap(["p1", ""]));

        Assert.Contains("record 1 has no patient id", e.Message, StringComparison.Ordinal);
    }

    private static PatientBootstrap Bootstrap(SklearnReference.BootstrapCase c) =>
        new(c.PatientIds, new BootstrapOptions { Resamples = c.Resamples, Seed = c.Seed });

    private static BootstrapEstimate Estimate(PatientBootstrap bootstrap, SklearnReference.BootstrapCase c, SklearnReference.BootstrapTarget t, double[][] scores) =>
        t.Target == "macro"
            ? bootstrap.EstimateMacro(t.Metric, c.Labels, scores)
            : bootstrap.Estimate(t.Metric, c.Select(scores, t.Codes)[0], c.Select(t.Codes).Labels[0]);

    private static void AssertEstimate(double value, double[] interval, int skipped, BootstrapEstimate e, string what)
    {
        Assert.True(Math.Abs(e.Value!.Value - value) <= Tolerance, $"{what}: value {e.Value:R} vs {value:R}");
        Assert.True(Math.Abs(e.Lower!.Value - interval[0]) <= Tolerance, $"{what}: lower {e.Lower:R} vs {interval[0]:R}");
        Assert.True(Math.Abs(e.Upper!.Value - interval[1]) <= Tolerance, $"{what}: upper {e.Upper:R} vs {interval[1]:R}");
        Assert.Equal(skipped, e.SkippedResamples);
    }

    private static void AssertClose(double?[] expected, double?[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int b = 0; b < expected.Length; b++)
        {
            Assert.True(
                expected[b] is null ? actual[b] is null : actual[b] is double v && Math.Abs(v - expected[b]!.Value) <= Tolerance,
                $"{what}, resample {b}: {actual[b]:R} vs scikit-learn {expected[b]:R}");
        }
    }
}

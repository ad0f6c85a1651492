using Lamae.Evaluation;

namespace Lamae.Tests.Evaluation;

// Reference values: tests/reference/evaluation_reference.py (the mean of scikit-learn's per-code metrics), embedded JSON.
public sealed class MacroAverageTests
{
    public static TheoryData<BinaryMetric> Metrics() => new(BinaryMetric.Auroc, BinaryMetric.AveragePrecision);

    [Theory]
    [MemberData(nameof(Metrics))]
    public void The_macro_average_equals_the_mean_of_sklearns_per_code_values(BinaryMetric metric)
    {
        SklearnReference.BootstrapCase c = SklearnReference.Bootstrap;
        SklearnReference.BootstrapTarget macro = c.Results.Single(r => r.Metric == metric && r.Target == "macro");

        MacroAverage a = MacroAverage.Compute(metric, c.Labels, c.ScoresA);
        MacroAverage b = MacroAverage.Compute(metric, c.Labels, c.ScoresB);

        Assert.Equal(macro.Codes, a.Codes.Select(v => v.Code));
        Assert.True(Math.Abs(a.Value!.Value - macro.ValueA) <= BinaryMetricsTests.ReferenceTolerance, $"A: {a.Value:R} vs {macro.ValueA:R}");
        Assert.True(Math.Abs(b.Value!.Value - macro.ValueB) <= BinaryMetricsTests.ReferenceTolerance, $"B: {b.Value:R} vs {macro.ValueB:R}");
        foreach (CodeValue code in a.Codes)
        {
            SklearnReference.BootstrapTarget single = c.Results.Single(r => r.Metric == metric && r.Target == code.Code);
            Assert.True(Math.Abs(code.Value - single.ValueA) <= BinaryMetricsTests.ReferenceTolerance, $"{code.Code}: {code.Value:R} vs {single.ValueA:R}");
        }
    }

    [Fact]
    public void Codes_with_a_single_class_are_skipped_with_the_reason_and_never_NaN()
    {
        var labels = new CodeLabels(["AF", "LBBB", "RBBB"], [[true, false, true, false], [false, false, false, false], [true, true, true, true]]);
        double[][] scores = [[0.9, 0.1, 0.6, 0.7], [0.2, 0.3, 0.4, 0.5], [0.2, 0.3, 0.4, 0.5]];

        foreach (BinaryMetric metric in Enum.GetValues<BinaryMetric>())
        {
            MacroAverage macro = MacroAverage.Compute(metric, labels, scores);

            Assert.Equal(BinaryMetrics.Compute(metric, scores[0], labels.Labels[0]), macro.Value);
            Assert.Equal(["AF"], macro.Codes.Select(c => c.Code));
            Assert.Equal(new ClassCounts(2, 2), macro.Codes[0].Counts);
            Assert.Equal(
                [new SkippedCode("LBBB", "single class: no positive record (all 4 negative)"), new SkippedCode("RBBB", "single class: no negative record (all 4 positive)")],
                macro.Skipped);
            Assert.Null(macro.UndefinedReason);
        }
    }

    [Fact]
    public void Without_an_evaluable_code_there_is_no_value_and_a_reason()
    {
        var labels = new CodeLabels(["AF"], [[false, false]]);

        MacroAverage macro = MacroAverage.Compute(BinaryMetric.Auroc, labels, [[0.5, 0.4]]);

        Assert.Null(macro.Value);
        Assert.Equal("no code has both a positive and a negative record", macro.UndefinedReason);
        Assert.Single(macro.Skipped);
    }

    [Fact]
    public void Scores_for_another_number_of_codes_are_refused()
    {
        var labels = new CodeLabels(["AF", "LBBB"], [[true, false], [false, true]]);

        var e = Assert.Throws<ArgumentException>(() => MacroAverage.Compute(BinaryMetric.Auroc, labels, [[0.5, 0.4]]));

        Assert.Contains("1 score arrays for 2 codes", e.Message, StringComparison.Ordinal);
    }
}

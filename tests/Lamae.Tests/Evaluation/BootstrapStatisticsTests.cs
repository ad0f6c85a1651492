using Lamae.Evaluation;

namespace Lamae.Tests.Evaluation;

public sealed class BootstrapStatisticsTests
{
    // Expected values: numpy.percentile(values, [0, 2.5, 50, 97.5, 100]) with NumPy 1.24.2 (default method 'linear').
    [Theory]
    [InlineData(new[] { 3.0, 1, 4, 1, 5, 9, 2, 6 }, new[] { 1.0, 1.0, 3.5, 8.475000000000001, 9.0 })]
    [InlineData(new[] { 0.7 }, new[] { 0.7, 0.7, 0.7, 0.7, 0.7 })]
    [InlineData(new[] { 0.2, 0.1 }, new[] { 0.1, 0.10250000000000001, 0.15000000000000002, 0.1975, 0.2 })]
    public void Percentiles_are_numpys_linear_interpolation(double[] values, double[] expected)
    {
        double[] q = [0, 0.025, 0.5, 0.975, 1];

        double[] actual = q.Select(p => BootstrapStatistics.Percentile(values, p)).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_p_value_is_twice_the_smaller_tail_share_capped_at_one()
    {
        // 1 of 4 differences is at most 0: p = 2 x 1/4.
        Assert.Equal(0.5, BootstrapStatistics.PValue([0.1, 0.2, -0.05, 0.3]));
        // All positive: p = 0, the interval excludes 0.
        Assert.Equal(0.0, BootstrapStatistics.PValue([0.1, 0.2, 0.3]));
        // Zeros count on both sides: 2 x min(3/4, 3/4) caps at 1.
        Assert.Equal(1.0, BootstrapStatistics.PValue([0.0, 0.0, 0.1, -0.1]));
    }

    [Fact]
    public void Rounding_level_differences_count_as_ties_on_both_sides()
    {
        // Equal AUROCs computed by different sums differ by an ulp (scikit-learn gives +-1.1e-16 for equal values).
        Assert.Equal(1.0, BootstrapStatistics.PValue([1.1102230246251565e-16, -1.1102230246251565e-16, 0.2, -0.2]));
        Assert.Equal(0.5, BootstrapStatistics.PValue([1.1102230246251565e-16, 0.2, 0.3, 0.4]));
    }
}

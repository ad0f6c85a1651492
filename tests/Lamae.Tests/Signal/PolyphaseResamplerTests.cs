using Lamae.Signal;
using Xunit.Abstractions;

namespace Lamae.Tests.Signal;

// Reference values: tests/reference/signal_reference.py (scipy.signal.resample_poly(x, up, down), defaults), embedded JSON.
public sealed class PolyphaseResamplerTests(ITestOutputHelper output)
{
    /// <summary>
    /// Output within 1e-9 of the input's peak magnitude: an FIR sum of at most a few hundred products, so only
    /// summation order and the Bessel function's last bits differ from SciPy (~1e-15); a wrong tap or phase is ~1e-2.
    /// </summary>
    private const double ResampleTolerance = 1e-9;

    /// <summary>
    /// How far a resampled constant may stray, relative: resample_poly's Kaiser (beta 5) filter leaves each polyphase
    /// branch's DC gain slightly off 1 when upsampling (SciPy itself: 0.065% for 100->500, 0.19% for 100->257,
    /// under 0.005% when downsampling).
    /// </summary>
    private const double ConstantRipple = 2.5e-3;

    public static TheoryData<int> Cases() => new(Enumerable.Range(0, SciPyReference.Resample.Count));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_equals_SciPys_resample_poly(int index)
    {
        SciPyReference.ResampleCase c = SciPyReference.Resample[index];
        double[] x = SciPyReference.Input(c.Input);
        RationalRatio ratio = RationalRatio.FromRates(c.From, c.To);

        double[] y = PolyphaseResampler.Resample(x, ratio.Up, ratio.Down);

        Assert.Equal(c.Output.Length, y.Length);
        double deviation = ZeroPhaseFilterTests.MaxDeviation(y, c.Output) / x.Max(Math.Abs);
        output.WriteLine($"{c}: max deviation {deviation:E2} of peak");
        Assert.True(deviation <= ResampleTolerance, $"{c}: differs from SciPy by {deviation:E2} of the signal's peak");
    }

    [Theory]
    [InlineData(500, 100, 1, 5)]
    [InlineData(500, 250, 1, 2)]
    [InlineData(1000, 500, 1, 2)]
    [InlineData(360, 100, 5, 18)]
    [InlineData(257, 100, 100, 257)]
    [InlineData(100, 500, 5, 1)]
    [InlineData(499.99999999999, 100, 1, 5)]
    [InlineData(128.5, 100, 200, 257)]
    public void Rates_become_the_ratio_in_lowest_terms(double from, double to, int up, int down)
    {
        RationalRatio ratio = RationalRatio.FromRates(from, to);

        Assert.Equal((up, down), (ratio.Up, ratio.Down));
    }

    [Fact]
    public void Rates_without_a_small_integer_ratio_are_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => RationalRatio.FromRates(100, 100 * Math.PI));

        Assert.Equal("to", e.ParamName);
        Assert.Contains("not up/down", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_length_is_ceil_n_up_over_down_for_many_random_cases()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            int up = random.Next(1, 40), down = random.Next(1, 40), n = random.Next(0, 300);
            var ratio = new RationalRatio(up, down);
            long expected = ((long)n * ratio.Up + ratio.Down - 1) / ratio.Down;

            double[] y = PolyphaseResampler.Resample(new double[n], up, down);

            Assert.True(expected == y.Length, $"n = {n}, {up}/{down}: {y.Length} samples, expected {expected}");
        }
    }

    [Theory]
    [InlineData(500, 100)]
    [InlineData(257, 100)]
    [InlineData(360, 100)]
    [InlineData(100, 500)]
    [InlineData(100, 257)]
    public void A_constant_stays_constant_away_from_the_edges(int from, int to)
    {
        RationalRatio ratio = RationalRatio.FromRates(from, to);
        double[] x = Enumerable.Repeat(1.7, 3 * from).ToArray();

        double[] y = PolyphaseResampler.Resample(x, ratio.Up, ratio.Down);

        // Zero padding beyond the ends reaches in by the filter's half-length, 10 samples of the slower rate.
        int edge = 11 * Math.Max(1, to / from) + 1;
        for (int i = edge; i < y.Length - edge; i++)
        {
            Assert.True(Math.Abs(y[i] - 1.7) <= ConstantRipple * 1.7, $"{from}->{to}: y[{i}] = {y[i]}");
        }
    }

    [Fact]
    public void The_identity_ratio_copies()
    {
        double[] x = [1, 2, 3];

        Assert.Equal(x, PolyphaseResampler.Resample(x, 3, 3));
    }
}

using Lamae.Signal;
using Xunit.Abstractions;

namespace Lamae.Tests.Signal;

// Reference values: tests/reference/signal_reference.py (scipy.signal.butter(..., output='sos')), embedded JSON.
public sealed class ButterworthTests(ITestOutputHelper output)
{
    /// <summary>
    /// Coefficients agree with SciPy to 1e-10 of the largest coefficient in the same half-section (the numerator
    /// of the first section carries the whole gain, which can be 1e-8): the same algorithm in double precision,
    /// so only rounding in a different order separates them.
    /// </summary>
    private const double SosTolerance = 1e-10;

    public static TheoryData<int> Cases() => new(Enumerable.Range(0, SciPyReference.Butter.Count));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Second_order_sections_equal_SciPys_butter(int index)
    {
        SciPyReference.ButterCase c = SciPyReference.Butter[index];

        SecondOrderSections sos = Design(c);

        Assert.True(sos.Count * 6 == c.Sos.Length, $"{c}: {sos.Count} sections, SciPy has {c.Sos.Length / 6}");
        double worst = MaxScaledDeviation(sos.Coefficients, c.Sos);
        output.WriteLine($"{c}: max deviation {worst:E2}");
        Assert.True(worst <= SosTolerance, $"{c}: coefficients differ from SciPy by {worst:E2} (relative to the half-section)");
    }

    [Fact]
    public void A_cutoff_at_or_above_Nyquist_is_an_error_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => Butterworth.DesignBandPass(4, 0.5, 50, 100));
        Assert.Equal("high", e.ParamName);
        Assert.Contains("Nyquist", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Butterworth.MaxOrder + 1)]
    public void An_order_out_of_range_is_an_error_naming_it(int order)
    {
        var e = Assert.Throws<ArgumentException>(() => Butterworth.Design(order, 10, FilterBand.LowPass, 100));
        Assert.Equal("order", e.ParamName);
    }

    [Fact]
    public void Low_and_high_pass_designs_have_unit_gain_in_their_pass_band()
    {
        // H(z) at z = 1 (DC) for a low-pass and z = -1 (Nyquist) for a high-pass is the product of the sections' gains.
        Assert.Equal(1.0, Gain(Butterworth.Design(5, 30, FilterBand.LowPass, 360), z: 1), 12);
        Assert.Equal(1.0, Math.Abs(Gain(Butterworth.Design(3, 0.5, FilterBand.HighPass, 257), z: -1)), 12);
    }

    internal static SecondOrderSections Design(SciPyReference.ButterCase c) => c.BType switch
    {
        "bandpass" => Butterworth.DesignBandPass(c.Order, c.Wn[0], c.Wn[1], c.Fs),
        "lowpass" => Butterworth.Design(c.Order, c.Wn[0], FilterBand.LowPass, c.Fs),
        "highpass" => Butterworth.Design(c.Order, c.Wn[0], FilterBand.HighPass, c.Fs),
        _ => throw new InvalidOperationException(c.BType),
    };

    internal static double MaxScaledDeviation(ReadOnlySpan<double> actual, double[] expected)
    {
        double worst = 0;
        for (int half = 0; half < expected.Length; half += 3)
        {
            double scale = 0;
            for (int i = half; i < half + 3; i++)
            {
                scale = Math.Max(scale, Math.Abs(expected[i]));
            }

            for (int i = half; i < half + 3; i++)
            {
                worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / scale);
            }
        }

        return worst;
    }

    private static double Gain(SecondOrderSections sos, double z)
    {
        double gain = 1;
        for (int s = 0; s < sos.Count; s++)
        {
            gain *= (sos[s, 0] + (sos[s, 1] * z) + (sos[s, 2] * z * z)) / (sos[s, 3] + (sos[s, 4] * z) + (sos[s, 5] * z * z));
        }

        return gain;
    }
}

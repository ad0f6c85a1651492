using Lamae.Signal;
using Xunit.Abstractions;

namespace Lamae.Tests.Signal;

// Reference values: tests/reference/signal_reference.py (scipy.signal.sosfiltfilt(sos, x), default padding), embedded JSON.
public sealed class ZeroPhaseFilterTests(ITestOutputHelper output)
{
    /// <summary>
    /// Output within 1e-9 of the input's peak magnitude: forward-backward IIR filtering accumulates rounding over
    /// thousands of samples and SciPy's coefficients differ from ours in the last bits, but both stay ~1e-13 apart;
    /// 1e-9 leaves room for other CPUs while catching any real difference (a wrong initial state is ~1e-2).
    /// </summary>
    private const double FilterTolerance = 1e-9;

    public static TheoryData<int> Cases() => new(Enumerable.Range(0, SciPyReference.Butter.Count));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_equals_SciPys_sosfiltfilt(int index)
    {
        SciPyReference.ButterCase c = SciPyReference.Butter[index];
        double[] x = SciPyReference.Input(c.Input);

        double[] y = ZeroPhaseFilter.Apply(ButterworthTests.Design(c), x);

        Assert.Equal(c.FiltFilt.Length, y.Length);
        double deviation = MaxDeviation(y, c.FiltFilt) / x.Max(Math.Abs);
        output.WriteLine($"{c}: max deviation {deviation:E2} of peak");
        Assert.True(deviation <= FilterTolerance, $"{c}: differs from SciPy by {deviation:E2} of the signal's peak");
    }

    [Fact]
    public void Pad_length_is_SciPys_default()
    {
        // 3 * (2 * sections + 1), less the first-order sections: an order-4 band-pass has 4 full sections,
        // an order-1 low-pass one section with b2 = a2 = 0.
        Assert.Equal(27, ZeroPhaseFilter.PadLength(Butterworth.DesignBandPass(4, 0.5, 40, 100)));
        Assert.Equal(6, ZeroPhaseFilter.PadLength(Butterworth.Design(1, 25, FilterBand.LowPass, 100)));
    }

    [Fact]
    public void A_signal_no_longer_than_the_padding_is_an_error_that_says_the_length_needed()
    {
        SecondOrderSections sos = Butterworth.DesignBandPass(4, 0.5, 40, 100);

        var e = Assert.Throws<ArgumentException>(() => ZeroPhaseFilter.Apply(sos, new double[27]));

        Assert.Equal("x", e.ParamName);
        Assert.Contains("at least 28 samples", e.Message, StringComparison.Ordinal);
        Assert.Equal(28, ZeroPhaseFilter.Apply(sos, new double[28]).Length);
    }

    [Fact]
    public void Filtering_in_place_gives_the_same_output()
    {
        SecondOrderSections sos = Butterworth.DesignBandPass(4, 0.5, 40, 500);
        double[] x = SciPyReference.Input("long");
        double[] expected = ZeroPhaseFilter.Apply(sos, x);

        double[] buffer = (double[])x.Clone();
        ZeroPhaseFilter.Apply(sos, buffer, buffer);

        Assert.Equal(expected, buffer);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(12)]
    public void Filtering_many_rows_at_once_gives_exactly_the_row_by_row_output(int rows)
    {
        SecondOrderSections sos = Butterworth.DesignBandPass(4, 0.5, 40, 500);
        double[] signal = SciPyReference.Input("long");
        int n = signal.Length;
        double[] x = new double[rows * n];
        for (int r = 0; r < rows; r++)
        {
            for (int i = 0; i < n; i++)
            {
                x[(r * n) + i] = signal[(i + (37 * r)) % n] * (r + 1);
            }
        }

        double[] y = new double[x.Length];
        ZeroPhaseFilter.ApplyRows(sos, x, y, rows);

        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(ZeroPhaseFilter.Apply(sos, x.AsSpan(r * n, n)), y.AsSpan(r * n, n).ToArray());
        }

        ZeroPhaseFilter.ApplyRows(sos, x, x, rows); // in place, as BandPass runs it
        Assert.Equal(y, x);
    }

    internal static double MaxDeviation(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        }

        return worst;
    }
}

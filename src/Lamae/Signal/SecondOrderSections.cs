namespace Lamae.Signal;

/// <summary>
/// An IIR filter as cascaded biquads in SciPy's <c>sos</c> layout: one row <c>[b0, b1, b2, a0, a1, a2]</c>
/// per section, <c>a0 = 1</c>. Immutable; filtering follows <c>scipy.signal.sosfilt</c> (direct form II transposed).
/// </summary>
public sealed class SecondOrderSections
{
    /// <summary>Coefficients per section (SciPy's sos row).</summary>
    public const int Width = 6;

    private readonly double[] coefficients; // [Count, 6] row-major

    /// <summary>Wraps <paramref name="coefficients"/>, a [sections, 6] row-major array (copied).</summary>
    public SecondOrderSections(ReadOnlySpan<double> coefficients)
    {
        if (coefficients.Length == 0 || coefficients.Length % Width != 0)
        {
            throw new ArgumentException($"second-order sections need a multiple of {Width} coefficients, got {coefficients.Length}", nameof(coefficients));
        }

        for (int s = 0; s < coefficients.Length; s += Width)
        {
            if (coefficients[s + 3] != 1.0)
            {
                throw new ArgumentException($"section {s / Width} has a0 = {coefficients[s + 3]}; second-order sections need a0 = 1", nameof(coefficients));
            }
        }

        this.coefficients = coefficients.ToArray();
    }

    /// <summary>Number of sections.</summary>
    public int Count => coefficients.Length / Width;

    /// <summary>Coefficient <paramref name="coefficient"/> (0-5: b0, b1, b2, a0, a1, a2) of section <paramref name="section"/>.</summary>
    public double this[int section, int coefficient] => coefficients[(section * Width) + coefficient];

    /// <summary>All coefficients, [Count, 6] row-major.</summary>
    public ReadOnlySpan<double> Coefficients => coefficients;

    /// <summary>
    /// The steady-state filter state for a unit step input, [Count, 2] (<c>scipy.signal.sosfilt_zi</c>):
    /// scaled by the first sample, it starts the filter as if the signal had always been at that value.
    /// </summary>
    public double[] StepInitialState()
    {
        var zi = new double[Count * 2];
        double scale = 1.0;
        for (int s = 0; s < Count; s++)
        {
            ReadOnlySpan<double> c = coefficients.AsSpan(s * Width, Width);
            double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[4], a2 = c[5];

            // lfilter_zi: solve zi = A zi + B for the companion matrix A of [1, a1, a2], B = b[1:] - a[1:] b0.
            double B0 = b1 - (a1 * b0);
            double B1 = b2 - (a2 * b0);
            double z0 = (B0 + B1) / (1.0 + a1 + a2);
            zi[2 * s] = scale * z0;
            zi[(2 * s) + 1] = scale * (B1 - (a2 * z0));

            // H(1) of this section: the step response's steady state feeds the next section.
            scale *= (b0 + b1 + b2) / (1.0 + a1 + a2);
        }

        return zi;
    }

    /// <summary>
    /// Filters <paramref name="x"/> into <paramref name="y"/> (may be the same memory) like <c>sosfilt(sos, x, zi=state)</c>;
    /// <paramref name="state"/> ([Count, 2]) is updated to the final state.
    /// </summary>
    public void Filter(ReadOnlySpan<double> x, Span<double> y, Span<double> state)
    {
        if (y.Length != x.Length)
        {
            throw new ArgumentException($"output has {y.Length} samples, input {x.Length}", nameof(y));
        }

        if (state.Length != Count * 2)
        {
            throw new ArgumentException($"state needs {Count * 2} values (2 per section), got {state.Length}", nameof(state));
        }

        x.CopyTo(y);
        for (int s = 0; s < Count; s++)
        {
            FilterSectionForward(s, y, ref state[2 * s], ref state[(2 * s) + 1]);
        }
    }

    // One section over the whole buffer, in place, front to back. Running section by section instead of
    // sample by sample gives bit-identical results (each section only sees the previous one's output)
    // and keeps the five coefficients in registers.
    internal void FilterSectionForward(int section, Span<double> data, ref double z0, ref double z1)
    {
        ReadOnlySpan<double> c = coefficients.AsSpan(section * Width, Width);
        double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[4], a2 = c[5];
        double s0 = z0, s1 = z1;
        for (int n = 0; n < data.Length; n++)
        {
            double xn = data[n];
            double yn = (b0 * xn) + s0;
            s0 = (b1 * xn) - (a1 * yn) + s1;
            s1 = (b2 * xn) - (a2 * yn);
            data[n] = yn;
        }

        z0 = s0;
        z1 = s1;
    }

    // The same, back to front: filtering the reversed signal without reversing it.
    internal void FilterSectionBackward(int section, Span<double> data, ref double z0, ref double z1)
    {
        ReadOnlySpan<double> c = coefficients.AsSpan(section * Width, Width);
        double b0 = c[0], b1 = c[1], b2 = c[2], a1 = c[4], a2 = c[5];
        double s0 = z0, s1 = z1;
        for (int n = data.Length - 1; n >= 0; n--)
        {
            double xn = data[n];
            double yn = (b0 * xn) + s0;
            s0 = (b1 * xn) - (a1 * yn) + s1;
            s1 = (b2 * xn) - (a2 * yn);
            data[n] = yn;
        }

        z0 = s0;
        z1 = s1;
    }
}

using System.Buffers;
using System.Runtime.Intrinsics;
using static System.FormattableString;

namespace Lamae.Signal;

/// <summary>
/// Forward-backward (zero-phase) filtering equal to <c>scipy.signal.sosfiltfilt(sos, x)</c> with its defaults:
/// odd extension at both ends (<c>padtype='odd'</c>) and each pass started from the steady state (<c>sosfilt_zi</c>).
/// </summary>
public static class ZeroPhaseFilter
{
    /// <summary>
    /// SciPy's default padding: 3 × the number of taps, counting 2 per section plus 1, less the sections that are
    /// really first order (trailing zero in both b and a).
    /// </summary>
    public static int PadLength(SecondOrderSections sos)
    {
        ArgumentNullException.ThrowIfNull(sos);
        int zeroB2 = 0, zeroA2 = 0;
        for (int s = 0; s < sos.Count; s++)
        {
            zeroB2 += sos[s, 2] == 0 ? 1 : 0;
            zeroA2 += sos[s, 5] == 0 ? 1 : 0;
        }

        int taps = (2 * sos.Count) + 1 - Math.Min(zeroB2, zeroA2);
        return 3 * taps;
    }

    /// <summary>Fewest samples a signal needs: SciPy requires more samples than the padding.</summary>
    public static int MinimumLength(SecondOrderSections sos) => PadLength(sos) + 1;

    /// <summary>Filters <paramref name="x"/> forwards and backwards into <paramref name="y"/> (same length; may be the same memory).</summary>
    public static void Apply(SecondOrderSections sos, ReadOnlySpan<double> x, Span<double> y)
    {
        ArgumentNullException.ThrowIfNull(sos);
        int pad = PadLength(sos);
        if (x.Length <= pad)
        {
            throw new ArgumentException(
                Invariant($"zero-phase filtering needs at least {pad + 1} samples (more than the padding of {pad}), got {x.Length}"),
                nameof(x));
        }

        if (y.Length != x.Length)
        {
            throw new ArgumentException(Invariant($"output has {y.Length} samples, input {x.Length}"), nameof(y));
        }

        int n = x.Length;
        double[] rented = ArrayPool<double>.Shared.Rent(n + (2 * pad));
        try
        {
            Span<double> ext = rented.AsSpan(0, n + (2 * pad));
            OddExtend(x, pad, ext);
            double[] zi = sos.StepInitialState();

            // Forward pass, started as if the signal had always been at ext[0].
            double first = ext[0];
            for (int s = 0; s < sos.Count; s++)
            {
                double z0 = zi[2 * s] * first, z1 = zi[(2 * s) + 1] * first;
                sos.FilterSectionForward(s, ext, ref z0, ref z1);
            }

            // Backward pass, started from the forward output's last value.
            double last = ext[^1];
            for (int s = 0; s < sos.Count; s++)
            {
                double z0 = zi[2 * s] * last, z1 = zi[(2 * s) + 1] * last;
                sos.FilterSectionBackward(s, ext, ref z0, ref z1);
            }

            ext.Slice(pad, n).CopyTo(y);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Filters <paramref name="x"/> forwards and backwards into a new array.</summary>
    public static double[] Apply(SecondOrderSections sos, ReadOnlySpan<double> x)
    {
        var y = new double[x.Length];
        Apply(sos, x, y);
        return y;
    }

    /// <summary>
    /// Filters <paramref name="rows"/> signals of equal length at once (<paramref name="x"/> and <paramref name="y"/> are
    /// [rows, n] row-major, may be the same memory), with results identical to <see cref="Apply(SecondOrderSections, ReadOnlySpan{double}, Span{double})"/>
    /// row by row. Four rows run side by side in one vector: a biquad is a chain of dependent operations, so one
    /// signal leaves the CPU waiting, four fill its pipeline (about 3x faster for a 12-lead ECG).
    /// </summary>
    public static void ApplyRows(SecondOrderSections sos, ReadOnlySpan<double> x, Span<double> y, int rows)
    {
        ArgumentNullException.ThrowIfNull(sos);
        if (rows < 1 || x.Length % rows != 0 || y.Length != x.Length)
        {
            throw new ArgumentException(Invariant($"expected [rows, n] input and output with rows = {rows}, got {x.Length} and {y.Length} values"), nameof(rows));
        }

        int n = x.Length / rows;
        int pad = PadLength(sos);
        if (n <= pad)
        {
            throw new ArgumentException(
                Invariant($"zero-phase filtering needs at least {pad + 1} samples (more than the padding of {pad}), got {n}"),
                nameof(x));
        }

        int row = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            int m = n + (2 * pad);
            Vector256<double>[] rented = ArrayPool<Vector256<double>>.Shared.Rent(m);
            double[] lanes = ArrayPool<double>.Shared.Rent(4 * m);
            try
            {
                Span<Vector256<double>> ext = rented.AsSpan(0, m);
                for (; row + 4 <= rows; row += 4)
                {
                    // Interleave four odd-extended rows: ext[i] holds sample i of each.
                    for (int r = 0; r < 4; r++)
                    {
                        OddExtend(x.Slice((row + r) * n, n), pad, lanes.AsSpan(r * m, m));
                    }

                    ReadOnlySpan<double> l0 = lanes.AsSpan(0, m), l1 = lanes.AsSpan(m, m), l2 = lanes.AsSpan(2 * m, m), l3 = lanes.AsSpan(3 * m, m);
                    for (int i = 0; i < m; i++)
                    {
                        ext[i] = Vector256.Create(l0[i], l1[i], l2[i], l3[i]);
                    }

                    FilterForwardBackward(sos, ext);
                    Span<double> y0 = y.Slice(row * n, n), y1 = y.Slice((row + 1) * n, n), y2 = y.Slice((row + 2) * n, n), y3 = y.Slice((row + 3) * n, n);
                    for (int i = 0; i < n; i++)
                    {
                        Vector256<double> v = ext[pad + i];
                        y0[i] = v.GetElement(0);
                        y1[i] = v.GetElement(1);
                        y2[i] = v.GetElement(2);
                        y3[i] = v.GetElement(3);
                    }
                }
            }
            finally
            {
                ArrayPool<Vector256<double>>.Shared.Return(rented);
                ArrayPool<double>.Shared.Return(lanes);
            }
        }

        for (; row < rows; row++)
        {
            Apply(sos, x.Slice(row * n, n), y.Slice(row * n, n));
        }
    }

    // The two passes of Apply, on four interleaved signals: the same operations in the same order per lane.
    private static void FilterForwardBackward(SecondOrderSections sos, Span<Vector256<double>> ext)
    {
        double[] zi = sos.StepInitialState();
        Vector256<double> first = ext[0];
        for (int s = 0; s < sos.Count; s++)
        {
            ReadOnlySpan<double> c = sos.Coefficients.Slice(s * SecondOrderSections.Width, SecondOrderSections.Width);
            Vector256<double> b0 = Vector256.Create(c[0]), b1 = Vector256.Create(c[1]), b2 = Vector256.Create(c[2]);
            Vector256<double> a1 = Vector256.Create(c[4]), a2 = Vector256.Create(c[5]);
            Vector256<double> s0 = Vector256.Create(zi[2 * s]) * first, s1 = Vector256.Create(zi[(2 * s) + 1]) * first;
            for (int i = 0; i < ext.Length; i++)
            {
                Vector256<double> xn = ext[i];
                Vector256<double> yn = (b0 * xn) + s0;
                s0 = (b1 * xn) - (a1 * yn) + s1;
                s1 = (b2 * xn) - (a2 * yn);
                ext[i] = yn;
            }
        }

        Vector256<double> last = ext[^1];
        for (int s = 0; s < sos.Count; s++)
        {
            ReadOnlySpan<double> c = sos.Coefficients.Slice(s * SecondOrderSections.Width, SecondOrderSections.Width);
            Vector256<double> b0 = Vector256.Create(c[0]), b1 = Vector256.Create(c[1]), b2 = Vector256.Create(c[2]);
            Vector256<double> a1 = Vector256.Create(c[4]), a2 = Vector256.Create(c[5]);
            Vector256<double> s0 = Vector256.Create(zi[2 * s]) * last, s1 = Vector256.Create(zi[(2 * s) + 1]) * last;
            for (int i = ext.Length - 1; i >= 0; i--)
            {
                Vector256<double> xn = ext[i];
                Vector256<double> yn = (b0 * xn) + s0;
                s0 = (b1 * xn) - (a1 * yn) + s1;
                s1 = (b2 * xn) - (a2 * yn);
                ext[i] = yn;
            }
        }
    }

    // odd_ext: the signal mirrored through its end points, 2 x[0] - x[pad..1] before and 2 x[-1] - x[-2..-pad-1] after.
    private static void OddExtend(ReadOnlySpan<double> x, int pad, Span<double> ext)
    {
        int n = x.Length;
        double left = x[0], right = x[n - 1];
        for (int i = 0; i < pad; i++)
        {
            ext[i] = (2 * left) - x[pad - i];
            ext[pad + n + i] = (2 * right) - x[n - 2 - i];
        }

        x.CopyTo(ext.Slice(pad, n));
    }
}

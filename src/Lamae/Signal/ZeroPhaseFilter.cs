using System.Buffers;
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

using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Lamae.Signal;

/// <summary>
/// Rational-ratio resampling equal to <c>scipy.signal.resample_poly(x, up, down)</c> with its defaults:
/// a Kaiser-windowed (beta 5) low-pass FIR with cut-off 1 / max(up, down) of Nyquist and 10 × max(up, down)
/// taps each side, applied polyphase (only the products that reach an output are computed), zeros beyond the ends.
/// Immutable and thread-safe; designs are cached per ratio.
/// </summary>
public sealed class PolyphaseResampler
{
    /// <summary>resample_poly's default window: ('kaiser', 5.0).</summary>
    public const double KaiserBeta = 5.0;

    /// <summary>resample_poly's filter half-length per unit of max(up, down).</summary>
    public const int HalfLengthPerFactor = 10;

    private static readonly ConcurrentDictionary<RationalRatio, PolyphaseResampler> Cache = new();

    // Per phase φ (output position modulo up), the taps h[φ + q up] for q = 0, 1, ..., stored reversed so that an
    // output is one contiguous dot product with the input x[i0 - Q + 1 .. i0].
    private readonly double[] phaseTaps;
    private readonly int[] phaseStart;
    private readonly int[] phaseCount;
    private readonly int preRemove;

    private PolyphaseResampler(RationalRatio ratio)
    {
        Ratio = ratio;
        int up = ratio.Up, down = ratio.Down;
        int maxRate = Math.Max(up, down);
        int halfLength = HalfLengthPerFactor * maxRate;
        double[] h = FirLowPass.Kaiser((2 * halfLength) + 1, 1.0 / maxRate, KaiserBeta);

        // resample_poly pads the filter in front so that output samples fall on its centre, then drops the first
        // preRemove outputs; padding at the end only ever adds zeros, which a direct evaluation does not need.
        int prePad = down - (halfLength % down);
        preRemove = (halfLength + prePad) / down;
        var padded = new double[prePad + h.Length];
        for (int i = 0; i < h.Length; i++)
        {
            padded[prePad + i] = h[i] * up;
        }

        phaseStart = new int[up];
        phaseCount = new int[up];
        phaseTaps = new double[padded.Length];
        int offset = 0;
        for (int phase = 0; phase < up; phase++)
        {
            int count = phase < padded.Length ? ((padded.Length - 1 - phase) / up) + 1 : 0;
            phaseStart[phase] = offset;
            phaseCount[phase] = count;
            for (int q = 0; q < count; q++)
            {
                phaseTaps[offset + count - 1 - q] = padded[phase + (q * up)];
            }

            offset += count;
        }
    }

    /// <summary>The ratio in lowest terms.</summary>
    public RationalRatio Ratio { get; }

    /// <summary>The resampler for <paramref name="ratio"/> (designed once per ratio).</summary>
    public static PolyphaseResampler For(RationalRatio ratio)
    {
        if (ratio.Up < 1 || ratio.Down < 1)
        {
            throw new ArgumentException("the ratio must have positive up and down factors", nameof(ratio));
        }

        return Cache.GetOrAdd(ratio, static r => new PolyphaseResampler(r));
    }

    /// <summary>Resamples <paramref name="x"/> by <paramref name="up"/>/<paramref name="down"/> into a new array, like <c>resample_poly(x, up, down)</c>.</summary>
    public static double[] Resample(ReadOnlySpan<double> x, int up, int down)
    {
        PolyphaseResampler resampler = For(new RationalRatio(up, down));
        var y = new double[resampler.OutputLength(x.Length)];
        resampler.Resample(x, y);
        return y;
    }

    /// <summary>Samples out for <paramref name="inputLength"/> samples in: ceil(n × up / down).</summary>
    public int OutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long n = (long)inputLength * Ratio.Up;
        return checked((int)((n + Ratio.Down - 1) / Ratio.Down));
    }

    /// <summary>Resamples <paramref name="x"/> into <paramref name="y"/>, which must hold <see cref="OutputLength"/> samples.</summary>
    public void Resample(ReadOnlySpan<double> x, Span<double> y)
    {
        int expected = OutputLength(x.Length);
        if (y.Length != expected)
        {
            throw new ArgumentException($"output must hold {expected} samples for {x.Length} in at {Ratio}, got {y.Length}", nameof(y));
        }

        if (Ratio.IsIdentity)
        {
            x.CopyTo(y);
            return;
        }

        int up = Ratio.Up, down = Ratio.Down;
        for (int m = 0; m < y.Length; m++)
        {
            // Position of this output on the upsampled grid, its phase and newest input sample.
            long t = (long)(m + preRemove) * down;
            int phase = (int)(t % up);
            long newest = t / up;
            int count = phaseCount[phase];
            long oldest = newest - count + 1;

            // Inputs outside [0, n) are zeros (padtype 'constant'): clip the window to the signal.
            long first = Math.Max(oldest, 0);
            long last = Math.Min(newest, x.Length - 1);
            if (first > last)
            {
                y[m] = 0;
                continue;
            }

            int tapOffset = phaseStart[phase] + (int)(first - oldest);
            int length = (int)(last - first + 1);
            y[m] = Dot(phaseTaps.AsSpan(tapOffset, length), x.Slice((int)first, length));
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            ReadOnlySpan<Vector<double>> va = MemoryMarshal.Cast<double, Vector<double>>(a);
            ReadOnlySpan<Vector<double>> vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var acc = Vector<double>.Zero;
            for (int v = 0; v < va.Length; v++)
            {
                acc += va[v] * vb[v];
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}

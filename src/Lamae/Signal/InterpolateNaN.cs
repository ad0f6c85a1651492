using Lamae.Core;

namespace Lamae.Signal;

/// <summary>
/// Fills missing samples (NaN, and infinities from broken conversions): linearly between the valid neighbours,
/// with the nearest valid value before the first and after the last. A lead with no valid sample becomes zeros
/// and is reported in <see cref="PreprocessingResult.AllNaNLeads"/>.
/// </summary>
public sealed record InterpolateNaN : PreprocessingStep
{
    /// <summary>The JSON discriminator and command-line name.</summary>
    public const string Name = "interpolateNaN";

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Fills the gaps of one lead in place; false when it has no valid sample (it is then all zeros).</summary>
    public static bool Fill(Span<float> x)
    {
        int previous = -1; // last valid index seen
        for (int i = 0; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]))
            {
                continue;
            }

            if (i - previous > 1)
            {
                FillGap(x, previous, i);
            }

            previous = i;
        }

        if (previous < 0)
        {
            x.Clear();
            return false;
        }

        // Trailing gap: hold the last valid value.
        x[(previous + 1)..].Fill(x[previous]);
        return true;
    }

    internal override Ecg Apply(Ecg ecg, PreprocessingLog log)
    {
        float[] data = ecg.ToArray();
        foreach (Lead lead in ecg.PresentLeads)
        {
            if (!Fill(data.AsSpan((int)lead * ecg.Length, ecg.Length)))
            {
                log.MarkAllMissing(lead);
            }
        }

        return ecg.With(ecg.SamplingRate, ecg.Length, data);
    }

    // Samples strictly between `before` (valid, or -1 for the start) and `after` (valid).
    private static void FillGap(Span<float> x, int before, int after)
    {
        if (before < 0)
        {
            x[..after].Fill(x[after]);
            return;
        }

        double start = x[before], step = ((double)x[after] - start) / (after - before);
        for (int i = before + 1; i < after; i++)
        {
            x[i] = (float)(start + (step * (i - before)));
        }
    }
}

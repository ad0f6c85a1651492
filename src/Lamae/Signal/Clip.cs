using Lamae.Core;
using static System.FormattableString;

namespace Lamae.Signal;

/// <summary>
/// Limits every sample to ±<see cref="Limit"/> mV; the clipped samples are counted per lead in <see cref="PreprocessingResult.ClippedSamples"/>.
/// An ECG whose values are standardised, not mV (<see cref="EcgUnit.Standardised"/>), passes unchanged, and
/// <see cref="PreprocessingResult.NotApplicable"/> says so.
/// </summary>
public sealed record Clip : PreprocessingStep
{
    /// <summary>The JSON discriminator and command-line name.</summary>
    public const string Name = "clip";

    /// <summary>Clips to ±<paramref name="limit"/> mV.</summary>
    public Clip(double limit)
    {
        if (!(limit > 0) || double.IsInfinity(limit))
        {
            throw new ArgumentException(Invariant($"{Name}: limit must be a positive number of mV, got {limit}"), nameof(limit));
        }

        Limit = limit;
    }

    /// <summary>Largest magnitude kept, in mV.</summary>
    public double Limit { get; }

    /// <inheritdoc/>
    public override string ToString() => Invariant($"{Name}:{Limit}");

    internal override Ecg Apply(Ecg ecg, PreprocessingLog log)
    {
        if (ecg.Metadata.Unit == EcgUnit.Standardised)
        {
            log.NotApplicable($"{this}: {Io.Quality.EcgQuality.NotApplicableToStandardised}");
            return ecg;
        }

        float[] data = ecg.ToArray();
        float high = (float)Limit, low = -high;
        foreach (Lead lead in ecg.PresentLeads)
        {
            Span<float> x = data.AsSpan((int)lead * ecg.Length, ecg.Length);
            int clipped = 0;
            for (int i = 0; i < x.Length; i++)
            {
                // NaN compares false both ways and passes through for InterpolateNaN to handle.
                if (x[i] > high)
                {
                    x[i] = high;
                    clipped++;
                }
                else if (x[i] < low)
                {
                    x[i] = low;
                    clipped++;
                }
            }

            log.AddClipped(lead, clipped);
        }

        return ecg.With(ecg.SamplingRate, ecg.Length, data);
    }
}

using Lamae.Core;

namespace Lamae.Signal;

/// <summary>
/// Per lead: subtracts the mean and divides by the standard deviation. A flat lead (standard deviation below
/// <see cref="FlatThreshold"/>) becomes zeros and is reported in <see cref="PreprocessingResult.FlatLeads"/>
/// instead of being divided by ~0.
/// </summary>
public sealed record Standardise : PreprocessingStep
{
    /// <summary>The JSON discriminator and command-line name.</summary>
    public const string Name = "standardise";

    /// <summary>
    /// Standard deviation (mV) below which a lead counts as flat: 1 µV is the ADC step of PTB-XL (1000 units/mV)
    /// and a fifth of MIMIC-IV-ECG's (200 units/mV), so a lead that varies less than that carries no signal.
    /// </summary>
    public const double FlatThreshold = 1e-3;

    /// <inheritdoc/>
    public override string ToString() => Name;

    internal override Ecg Apply(Ecg ecg, PreprocessingLog log)
    {
        float[] data = ecg.ToArray();
        foreach (Lead lead in ecg.PresentLeads)
        {
            Span<float> x = data.AsSpan((int)lead * ecg.Length, ecg.Length);
            double sum = 0;
            for (int i = 0; i < x.Length; i++)
            {
                if (!float.IsFinite(x[i]))
                {
                    throw new LamaeException($"{Name}: {LeadSignals.Describe(ecg)} lead {lead.Name()} has a missing (NaN) or infinite sample; put interpolateNaN before {Name}");
                }

                sum += x[i];
            }

            double mean = x.Length == 0 ? 0 : sum / x.Length;
            double squares = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double d = x[i] - mean;
                squares += d * d;
            }

            // Population standard deviation (numpy's default, ddof = 0).
            double std = x.Length == 0 ? 0 : Math.Sqrt(squares / x.Length);
            if (std < FlatThreshold)
            {
                x.Clear();
                log.MarkFlat(lead);
                continue;
            }

            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (float)((x[i] - mean) / std);
            }
        }

        return ecg.With(ecg.SamplingRate, ecg.Length, data);
    }
}

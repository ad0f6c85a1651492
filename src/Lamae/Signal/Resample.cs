using Lamae.Core;
using static System.FormattableString;

namespace Lamae.Signal;

/// <summary>Resamples every lead to <see cref="Rate"/> Hz with <see cref="PolyphaseResampler"/> (SciPy's resample_poly).</summary>
public sealed record Resample : PreprocessingStep
{
    /// <summary>The JSON discriminator and command-line name.</summary>
    public const string Name = "resample";

    /// <summary>Resamples to <paramref name="rate"/> Hz.</summary>
    public Resample(double rate)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new ArgumentException(Invariant($"{Name}: rate must be a positive number of Hz, got {rate}"), nameof(rate));
        }

        Rate = rate;
    }

    /// <summary>Target sampling rate in Hz.</summary>
    public double Rate { get; }

    /// <inheritdoc/>
    public override string ToString() => Invariant($"{Name}:{Rate}");

    internal override Ecg Apply(Ecg ecg, PreprocessingLog log)
    {
        RationalRatio ratio;
        try
        {
            ratio = RationalRatio.FromRates(ecg.SamplingRate, Rate);
        }
        catch (ArgumentException e)
        {
            throw new LamaeException(Invariant($"{Name}: {LeadSignals.Describe(ecg)}: {e.Message}"), e);
        }

        if (ratio.IsIdentity)
        {
            return ecg.With(Rate, ecg.Length, ecg.ToArray());
        }

        PolyphaseResampler resampler = PolyphaseResampler.For(ratio);
        int length = resampler.OutputLength(ecg.Length);
        float[] data = LeadSignals.Map(ecg, length, Name, (_, x, y) => resampler.Resample(x, y));
        return ecg.With(Rate, length, data);
    }
}

using Lamae.Core;
using static System.FormattableString;

namespace Lamae.Signal;

/// <summary>Makes every ECG exactly <see cref="Seconds"/> long: crops longer ones, pads shorter ones with zeros, at <see cref="Where"/>.</summary>
public sealed record CropOrPad : PreprocessingStep
{
    /// <summary>The JSON discriminator and command-line name.</summary>
    public const string Name = "cropOrPad";

    /// <summary>Makes ECGs <paramref name="seconds"/> long, keeping or placing the signal at <paramref name="where"/>.</summary>
    public CropOrPad(double seconds, CropPosition where = CropPosition.Center)
    {
        if (!(seconds > 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentException(Invariant($"{Name}: seconds must be a positive duration, got {seconds}"), nameof(seconds));
        }

        if (!Enum.IsDefined(where))
        {
            throw new ArgumentException(Invariant($"{Name}: where must be start, center or end, got {where}"), nameof(where));
        }

        Seconds = seconds;
        Where = where;
    }

    /// <summary>Duration of the output in seconds.</summary>
    public double Seconds { get; }

    /// <summary>Which part to keep or where to place the signal.</summary>
    public CropPosition Where { get; }

    /// <summary>Samples out at <paramref name="rate"/> Hz: seconds × rate, rounded to the nearest sample.</summary>
    public int LengthAt(double rate)
    {
        double samples = Math.Round(Seconds * rate, MidpointRounding.AwayFromZero);
        if (samples < 1 || samples > Array.MaxLength / Leads.Count)
        {
            throw new LamaeException(Invariant($"{Name}: {Seconds} s at {rate} Hz is {samples} samples; choose seconds that give 1 or more"));
        }

        return (int)samples;
    }

    /// <inheritdoc/>
    public override string ToString() => Invariant($"crop:{Seconds}:{Where.ToString().ToLowerInvariant()}");

    internal override Ecg Apply(Ecg ecg, PreprocessingLog log)
    {
        int n = ecg.Length, target = LengthAt(ecg.SamplingRate);
        int excess = n - target; // > 0: crop, < 0: pad
        int offset = Where switch
        {
            CropPosition.Start => 0,
            CropPosition.End => excess,
            _ => excess >= 0 ? excess / 2 : -((-excess) / 2),
        };

        // Output sample j is input sample j + offset when that exists, else zero.
        var data = new float[Leads.Count * target];
        int from = Math.Max(0, -offset), to = Math.Min(target, n - offset);
        foreach (Lead lead in ecg.PresentLeads)
        {
            if (to > from)
            {
                ecg[lead].Slice(from + offset, to - from).CopyTo(data.AsSpan(((int)lead * target) + from, to - from));
            }
        }

        return ecg.With(ecg.SamplingRate, target, data);
    }
}

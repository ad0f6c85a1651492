using Lamae.Core;

namespace Lamae.Reconstruction;

/// <summary>
/// The classic baseline of missing-lead reconstruction: each missing lead as a linear function of the kept leads plus a
/// constant, fitted by least squares over every time sample of training ECGs (<see cref="LinearLeadMapFitter"/>).
/// </summary>
public sealed class LinearLeadMap
{
    /// <summary>A map from <paramref name="set"/>'s kept leads with one regression per missing lead.</summary>
    public LinearLeadMap(KeptLeadSet set, IReadOnlyList<LeadRegression> targets, int trainingRecords)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(targets);
        if (!targets.Select(t => t.Lead).SequenceEqual(set.Missing.Select(l => l.Name())) || targets.Any(t => t.Weights.Count != set.Kept.Count))
        {
            throw new ArgumentException($"the map from {set.Name} needs one regression with {set.Kept.Count} weights per missing lead, in canonical order");
        }

        Set = set;
        Targets = targets;
        TrainingRecords = trainingRecords;
    }

    /// <summary>The kept leads it reads.</summary>
    public KeptLeadSet Set { get; }

    /// <summary>One regression per missing lead, canonical order.</summary>
    public IReadOnlyList<LeadRegression> Targets { get; }

    /// <summary>Training ECGs that had every kept lead (each target used those of them that also had it).</summary>
    public int TrainingRecords { get; }

    /// <summary>
    /// signals [12, T] row-major in canonical order -> [12, T]: kept leads copied, missing ones predicted from them.
    /// </summary>
    public float[] Predict(ReadOnlySpan<float> signals, int samples)
    {
        if (samples < 1 || signals.Length != Leads.Count * samples)
        {
            throw new ArgumentException($"expected [{Leads.Count}, {samples}] samples, got {signals.Length}");
        }

        float[] output = signals.ToArray();
        for (int m = 0; m < Set.Missing.Count; m++)
        {
            LeadRegression r = Targets[m];
            var y = new double[samples];
            Array.Fill(y, r.Intercept);
            for (int i = 0; i < Set.Kept.Count; i++)
            {
                ReadOnlySpan<float> x = signals.Slice((int)Set.Kept[i] * samples, samples);
                double w = r.Weights[i];
                for (int t = 0; t < samples; t++)
                {
                    y[t] += w * x[t];
                }
            }

            Span<float> target = output.AsSpan((int)Set.Missing[m] * samples, samples);
            for (int t = 0; t < samples; t++)
            {
                target[t] = (float)y[t];
            }
        }

        return output;
    }
}

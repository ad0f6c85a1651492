namespace Lamae.Synthetic;

/// <summary>
/// Draws conditions with given prevalences, never combining incompatible ones. Chronic conditions (conduction
/// blocks, old infarcts, hypertrophy, long QT, AF) belong to a subject and recur in all their ECGs; acute ones
/// (STEMI, rate changes, ectopy, hyperkalaemia) are drawn per ECG.
/// </summary>
public sealed class ConditionSampler
{
    /// <summary>Conditions a subject keeps across recordings.</summary>
    public static readonly IReadOnlySet<Condition> Chronic = new HashSet<Condition>
    {
        Condition.AtrialFibrillation, Condition.FirstDegreeAvBlock, Condition.LeftBundleBranchBlock, Condition.RightBundleBranchBlock,
        Condition.OldMyocardialInfarction, Condition.LeftVentricularHypertrophy, Condition.LongQt,
    };

    private readonly IReadOnlyDictionary<Condition, double> prevalence;

    /// <summary>Uses <paramref name="prevalence"/> per condition (missing: 0); null means the defaults.</summary>
    public ConditionSampler(IReadOnlyDictionary<Condition, double>? prevalence = null)
    {
        this.prevalence = prevalence ?? Conditions.All.ToDictionary(c => c, c => c.DefaultPrevalence());
        foreach ((Condition c, double p) in this.prevalence)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(prevalence), p, $"prevalence of {c.Code()} must lie in [0, 1]");
            }
        }
    }

    /// <summary>The prevalences in use.</summary>
    public IReadOnlyDictionary<Condition, double> Prevalence => prevalence;

    /// <summary>A subject's chronic conditions.</summary>
    public HashSet<Condition> SampleChronic(Random rng) => Sample(rng, [], Chronic);

    /// <summary>One ECG's conditions: the subject's chronic ones plus acute ones compatible with them.</summary>
    public HashSet<Condition> SampleForEcg(Random rng, IReadOnlySet<Condition> chronic)
    {
        ArgumentNullException.ThrowIfNull(chronic);
        return Sample(rng, chronic, Conditions.All.Where(c => !Chronic.Contains(c)).ToHashSet());
    }

    private HashSet<Condition> Sample(Random rng, IEnumerable<Condition> start, IReadOnlySet<Condition> pool)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var chosen = new HashSet<Condition>(start);
        // A random order, so that no condition systematically wins a conflict.
        foreach (Condition c in Conditions.All.Where(pool.Contains).OrderBy(_ => rng.Next()).ToList())
        {
            double p = prevalence.GetValueOrDefault(c);
            if (rng.NextDouble() < p && chosen.All(o => Conditions.Compatible(o, c)))
            {
                chosen.Add(c);
            }
        }

        return chosen;
    }
}

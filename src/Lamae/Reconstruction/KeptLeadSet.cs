using Lamae.Core;

namespace Lamae.Reconstruction;

/// <summary>Where a lead sits on the body: the six limb leads (I, II, III, aVR, aVL, aVF) or the six chest leads (V1-V6).</summary>
public enum LeadGroup
{
    /// <summary>I, II, III, aVR, aVL, aVF: all six views of the frontal plane, from three electrodes.</summary>
    Limb,

    /// <summary>V1-V6: six electrodes across the chest.</summary>
    Precordial,
}

/// <summary>The leads kept for one reconstruction (the others are rebuilt from them), in canonical order.</summary>
public sealed record KeptLeadSet
{
    /// <summary>Separates several sets in one <c>--keep</c> value ("I;I,II;I,II,V2").</summary>
    public const char SetSeparator = ';';

    /// <summary>Separates the leads of one set.</summary>
    public const char LeadSeparator = ',';

    /// <summary>A set of <paramref name="kept"/> leads (at least one; duplicates ignored).</summary>
    public KeptLeadSet(IEnumerable<Lead> kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        Kept = kept.Distinct().Order().ToArray();
        if (Kept.Count == 0)
        {
            throw new ArgumentException("a kept-lead set needs at least one lead");
        }

        Missing = Leads.All.Except(Kept).ToArray();
    }

    /// <summary>The kept leads, canonical order.</summary>
    public IReadOnlyList<Lead> Kept { get; }

    /// <summary>The leads rebuilt, canonical order (empty when all 12 are kept).</summary>
    public IReadOnlyList<Lead> Missing { get; }

    /// <summary>"I,II,V2": the set as the command line writes it.</summary>
    public string Name => string.Join(LeadSeparator, Kept.Select(l => l.Name()));

    /// <summary>"I+II+V2": the set in a file or folder name.</summary>
    public string Slug => string.Join('+', Kept.Select(l => l.Name()));

    /// <summary>Whether <paramref name="lead"/> is kept.</summary>
    public bool Keeps(Lead lead) => Kept.Contains(lead);

    /// <summary>Bool [12] in canonical order: true where the lead is kept.</summary>
    public bool[] Mask() => Leads.All.Select(Keeps).ToArray();

    /// <summary>Which group <paramref name="lead"/> belongs to.</summary>
    public static LeadGroup GroupOf(Lead lead) => lead >= Lead.V1 ? LeadGroup.Precordial : LeadGroup.Limb;

    /// <summary>
    /// The sets in <paramref name="values"/>: each value holds one or more sets separated by ';', each a comma-separated
    /// list of lead names ("I,II,V2"; aliases such as MLII are accepted). The same set twice is kept once. An unknown
    /// name, an empty set or no set at all is an <see cref="ArgumentException"/> that says which.
    /// </summary>
    public static IReadOnlyList<KeptLeadSet> Parse(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sets = new List<KeptLeadSet>();
        foreach (string value in values)
        {
            foreach (string text in value.Split(SetSeparator, StringSplitOptions.TrimEntries))
            {
                string[] names = text.Split(LeadSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (names.Length == 0)
                {
                    throw new ArgumentException($"--keep '{value}': an empty set; name the leads to keep, e.g. I,II,V2");
                }

                var set = new KeptLeadSet(names.Select(name => Leads.Parse(name)
                    ?? throw new ArgumentException($"--keep: '{name}' is not one of the 12 leads ({string.Join(", ", Leads.Names)})")));
                if (!sets.Contains(set))
                {
                    sets.Add(set);
                }
            }
        }

        return sets.Count > 0 ? sets : throw new ArgumentException("--keep: name the leads to keep, e.g. --keep I,II,V2");
    }

    /// <inheritdoc/>
    public bool Equals(KeptLeadSet? other) => other is not null && Kept.SequenceEqual(other.Kept);

    /// <inheritdoc/>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

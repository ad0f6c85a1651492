namespace Lamae.Core;

/// <summary>The 12 standard ECG leads in canonical order; the value is the lead's index (0-11) everywhere in Lamae.</summary>
// Serialised by its canonical name ("aVR", "V1") wherever JSON is written, whatever the naming policy.
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<Lead>))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "Clinical lead names.")]
public enum Lead
{
    I = 0,
    II = 1,
    III = 2,
    aVR = 3,
    aVL = 4,
    aVF = 5,
    V1 = 6,
    V2 = 7,
    V3 = 8,
    V4 = 9,
    V5 = 10,
    V6 = 11,
}

/// <summary>Canonical lead names and the aliases files use for them (matched case-insensitively).</summary>
public static class Leads
{
    /// <summary>Number of canonical leads.</summary>
    public const int Count = 12;

    /// <summary>All leads in canonical order.</summary>
    public static readonly IReadOnlyList<Lead> All = Enum.GetValues<Lead>();

    /// <summary>Canonical names in canonical order: I, II, III, aVR, aVL, aVF, V1-V6.</summary>
    public static readonly IReadOnlyList<string> Names = All.Select(l => l.ToString()).ToArray();

    // Aliases seen in WFDB files and datasets: MIT-BIH's MLII, Einthoven's D1-D3, "lead I", upper-case aVx.
    private static readonly Dictionary<string, Lead> ByName = BuildAliases();

    /// <summary>The canonical name of <paramref name="lead"/>.</summary>
    public static string Name(this Lead lead) => Names[(int)lead];

    /// <summary>The lead a signal description names, or null when it is not one of the 12 standard leads.</summary>
    public static Lead? Parse(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }

        string key = Normalise(description);
        return ByName.TryGetValue(key, out Lead lead) ? lead : null;
    }

    private static string Normalise(string s)
    {
        string t = s.Trim().ToUpperInvariant().Replace(" ", string.Empty, StringComparison.Ordinal)
            .Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return t.StartsWith("LEAD", StringComparison.Ordinal) ? t[4..] : t;
    }

    private static Dictionary<string, Lead> BuildAliases()
    {
        var d = new Dictionary<string, Lead>(StringComparer.Ordinal);
        foreach (Lead lead in Enum.GetValues<Lead>())
        {
            d[Normalise(lead.ToString())] = lead;
        }

        (string Alias, Lead Lead)[] extra =
        [
            ("MLI", Lead.I), ("MLII", Lead.II), ("MLIII", Lead.III), ("ML2", Lead.II),
            ("D1", Lead.I), ("DI", Lead.I), ("D2", Lead.II), ("DII", Lead.II), ("D3", Lead.III), ("DIII", Lead.III),
            ("1", Lead.I), ("2", Lead.II), ("3", Lead.III),
        ];
        foreach ((string alias, Lead lead) in extra)
        {
            d[Normalise(alias)] = lead;
        }

        return d;
    }
}

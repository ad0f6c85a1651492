namespace Lamae.Common;

/// <summary>Names that must differ within one output (embeddings folders in a probe, probes and runs in a report).</summary>
public static class UniqueNames
{
    /// <summary><paramref name="name"/>, or name-2, name-3, ... the first not in <paramref name="taken"/>; the result is added to it.</summary>
    public static string Take(string name, ISet<string> taken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(taken);
        string unique = name;
        for (int k = 2; !taken.Add(unique); k++)
        {
            unique = $"{name}-{k}";
        }

        return unique;
    }
}

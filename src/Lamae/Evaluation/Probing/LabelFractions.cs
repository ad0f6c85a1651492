using Lamae.Cache;

namespace Lamae.Evaluation.Probing;

/// <summary>
/// Label fractions by patient (DESIGN.md section 7): the training patients in a seeded random order, and a fraction f
/// keeps the first ceil(f P) of them (at least one) with all their records. The order depends on the seed only, so the
/// 1 % set lies inside the 10 % set, and a seed gives the same sets every time.
/// </summary>
public static class LabelFractions
{
    /// <summary>The rows of <paramref name="trainRows"/> whose patients are in the first <paramref name="fraction"/> of the seed's order.</summary>
    public static int[] Choose(IReadOnlyList<EmbeddedRecord> records, IReadOnlyList<int> trainRows, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(trainRows);
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a label fraction lies in (0, 1]");
        }

        string[] patients = trainRows.Select(r => records[r].Patient).Distinct(StringComparer.Ordinal).ToArray();
        string[] order = Shuffled(patients, seed);
        int keep = Math.Max(1, (int)Math.Ceiling(fraction * patients.Length - 1e-9));
        var kept = order.Take(keep).ToHashSet(StringComparer.Ordinal);
        return trainRows.Where(r => kept.Contains(records[r].Patient)).ToArray();
    }

    /// <summary>Fisher-Yates with SplitMix64 outputs seeded by <paramref name="seed"/> (the loader's shuffle); patients first sorted ordinally, so the order does not depend on the rows' order.</summary>
    private static string[] Shuffled(string[] patients, int seed)
    {
        string[] sorted = patients.Order(StringComparer.Ordinal).ToArray();
        int[] order = Enumerable.Range(0, sorted.Length).ToArray();
        LoaderRandom.FromState((ulong)(uint)seed).Shuffle(order);
        return order.Select(i => sorted[i]).ToArray();
    }
}

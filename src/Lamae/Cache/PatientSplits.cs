using System.Security.Cryptography;
using System.Text;
using Lamae.Io.Datasets;

namespace Lamae.Cache;

/// <summary>
/// Checks and helpers for patient-wise splits (DESIGN.md section 4): no patient in two splits, and label fractions
/// drawn by patient with a seed and nested (the 1 % set inside the 10 % set).
/// </summary>
public static class PatientSplits
{
    /// <summary>
    /// Throws a <see cref="LamaeException"/> naming the first subject whose records sit in two splits (train, validation,
    /// test). Records without a split (<see cref="DatasetSplit.None"/>) belong to no set and are not compared.
    /// </summary>
    public static void Verify(IEnumerable<CacheRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var seen = new Dictionary<string, CacheRecord>(StringComparer.Ordinal);
        foreach (CacheRecord r in records)
        {
            if (r.Split == DatasetSplit.None)
            {
                continue;
            }

            if (!seen.TryGetValue(r.SubjectId, out CacheRecord? first))
            {
                seen.Add(r.SubjectId, r);
            }
            else if (first.Split != r.Split)
            {
                throw new LamaeException(
                    $"subject {r.SubjectId} is in two splits: record {first.RecordId} in {first.Split} (fold {first.Fold}) and record {r.RecordId} in {r.Split} (fold {r.Fold}); "
                    + "splits must be patient-wise: rebuild the cache");
            }
        }
    }

    /// <summary>The distinct subjects of <paramref name="records"/>, in first-seen order.</summary>
    public static IReadOnlyList<string> Subjects(IEnumerable<CacheRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return records.Select(r => r.SubjectId).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// A fraction (0-1] of the subjects of <paramref name="records"/>, drawn with <paramref name="seed"/>: subjects are ranked
    /// by a keyed hash and the first ceil(fraction x n) kept, so for one seed a smaller fraction is always inside a larger one.
    /// </summary>
    public static IReadOnlySet<string> Fraction(IEnumerable<CacheRecord> records, double fraction, int seed)
    {
        if (!(fraction > 0 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a label fraction lies in (0, 1]");
        }

        IReadOnlyList<string> subjects = Subjects(records);
        int keep = (int)Math.Ceiling(fraction * subjects.Count);
        return subjects.OrderBy(s => Rank(s, seed)).ThenBy(s => s, StringComparer.Ordinal).Take(keep).ToHashSet(StringComparer.Ordinal);
    }

    // SHA-256 of (seed, subject): the same rank on every machine and .NET version.
    private static ulong Rank(string subject, int seed) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{subject}")));
}

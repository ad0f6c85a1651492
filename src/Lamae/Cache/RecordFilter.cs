using Lamae.Io.Datasets;

namespace Lamae.Cache;

/// <summary>
/// Which cached records a loader uses: by split, fold and subject (each null = any). The cache index carries each
/// record's patient-wise fold and split, so filtering by split never mixes one patient into two sets.
/// </summary>
public sealed record RecordFilter
{
    /// <summary>Every record.</summary>
    public static RecordFilter All { get; } = new();

    /// <summary>Splits to keep; null keeps every split (None included).</summary>
    public IReadOnlySet<DatasetSplit>? Splits { get; init; }

    /// <summary>Folds to keep; null keeps every fold.</summary>
    public IReadOnlySet<int>? Folds { get; init; }

    /// <summary>Subjects (patients) to keep, e.g. a label fraction from <see cref="PatientSplits.Fraction"/>; null keeps all.</summary>
    public IReadOnlySet<string>? Subjects { get; init; }

    /// <summary>Records of the given splits.</summary>
    public static RecordFilter Split(params DatasetSplit[] splits) => new() { Splits = splits.ToHashSet() };

    /// <summary>Records of the given folds.</summary>
    public static RecordFilter Fold(params int[] folds) => new() { Folds = folds.ToHashSet() };

    /// <summary>Records of the given subjects.</summary>
    public static RecordFilter Subject(IEnumerable<string> subjects) => new() { Subjects = subjects.ToHashSet(StringComparer.Ordinal) };

    /// <summary>Whether <paramref name="record"/> passes every condition.</summary>
    public bool Matches(CacheRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (Splits is null || Splits.Contains(record.Split))
            && (Folds is null || Folds.Contains(record.Fold))
            && (Subjects is null || Subjects.Contains(record.SubjectId));
    }

    /// <summary>Positions in <paramref name="records"/> (cache order) of the records that pass.</summary>
    public int[] Apply(IReadOnlyList<CacheRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var kept = new List<int>(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            if (Matches(records[i]))
            {
                kept.Add(i);
            }
        }

        return kept.ToArray();
    }
}

namespace Lamae.Io.Datasets;

/// <summary>How <see cref="MimicIcdLabels.Prepare(IReadOnlyList{IReadOnlyList{string}}, IReadOnlyList{int?}, MimicLabelOptions)"/> prepares ICD-10 labels.</summary>
public sealed record MimicLabelOptions
{
    /// <summary>Characters kept of each code (the benchmark's "_5A" suffix: 5); null keeps whole codes.</summary>
    public int? Digits { get; init; } = 5;

    /// <summary>Label every ancestor down to the 3-character category ("A" in "_5A"); when false, only ancestors that occur as codes themselves.</summary>
    public bool AllAncestors { get; init; } = true;

    /// <summary>Minimum positives for a code to be kept (the benchmark's scenarios, e.g. mimic_all_all_allfirst_all_2000_5A, use 2000).</summary>
    public int MinCount { get; init; } = 2000;

    /// <summary>
    /// Count positives in the training folds only (strat_fold 0-17), so validation and test never choose the label set.
    /// The published code counts over every row; set false to reproduce it exactly.
    /// </summary>
    public bool CountTrainingFoldsOnly { get; init; } = true;

    /// <summary>Last training fold (MIMIC-IV-ECG-Ext-ICD strat_fold: 0-17 train, 18 validation, 19 test).</summary>
    public int LastTrainFold { get; init; } = MimicEcgDataset.LastTrainFold;
}

/// <summary>Prepared ICD-10 labels: the kept codes and each record's labels.</summary>
/// <param name="Codes">Kept codes, most positives first (ties in ordinal order): the benchmark's lbl_itos.</param>
/// <param name="Counts">Positives of each kept code among the rows counted.</param>
/// <param name="Labels">Per input record, its kept codes (ordinal order).</param>
public sealed record MimicLabelSet(IReadOnlyList<string> Codes, IReadOnlyList<int> Counts, IReadOnlyList<IReadOnlyList<string>> Labels);

/// <summary>
/// MIMIC-IV-ECG-Ext-ICD label preparation as its benchmark code does it (AI4HealthUOL/ECG-MIMIC,
/// src/mimic_ecg_preprocessing.py, prepare_mimic_ecg and prepare_consistency_mapping; the same file is vendored in
/// AI4HealthUOL/ecg-fm-benchmarking): (1) strip and truncate each code to <see cref="MimicLabelOptions.Digits"/>
/// characters, (2) remove trailing placeholder 'X's, (3) add ancestors: every prefix of 3 to len(code) characters
/// (so I2109 gives I210 and I21, but not I2: the chain stops at the 3-character category), (4) keep codes with at
/// least <see cref="MimicLabelOptions.MinCount"/> positives. See docs/datasets.md.
/// </summary>
public static class MimicIcdLabels
{
    /// <summary>Shortest ancestor: the 3-character ICD-10 category (prepare_consistency_mapping's range(3, len(c)+1)).</summary>
    public const int CategoryLength = 3;

    /// <summary>Steps 1 and 2 for one code: strip, truncate to <paramref name="digits"/> characters, drop trailing 'X' placeholders.</summary>
    public static string Truncate(string code, int? digits)
    {
        ArgumentNullException.ThrowIfNull(code);
        string c = code.Trim();
        if (digits is { } d && c.Length > d)
        {
            c = c[..d];
        }

        return c.TrimEnd('X');
    }

    /// <summary>Step 3 for one code: the code and its ancestors, prefixes of 3..len characters (empty for codes shorter than 3, as in the benchmark).</summary>
    public static IReadOnlyList<string> WithAncestors(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Enumerable.Range(CategoryLength, Math.Max(0, code.Length - CategoryLength + 1)).Select(n => code[..n]).ToArray();
    }

    /// <summary>Prepares the labels of dataset records (their <see cref="EcgRecordInfo.Labels"/> and strat_fold).</summary>
    public static MimicLabelSet Prepare(IReadOnlyList<EcgRecordInfo> records, MimicLabelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        return Prepare(records.Select(r => r.Labels).ToArray(), records.Select(r => r.Split(MimicEcgDataset.FoldField)).ToArray(), options);
    }

    /// <summary>Prepares labels given each record's raw codes and its strat_fold (null: none, never counted as training).</summary>
    public static MimicLabelSet Prepare(IReadOnlyList<IReadOnlyList<string>> codes, IReadOnlyList<int?> folds, MimicLabelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(folds);
        if (codes.Count != folds.Count)
        {
            throw new ArgumentException($"{codes.Count} code lists but {folds.Count} folds");
        }

        MimicLabelOptions o = options ?? new MimicLabelOptions();
        var truncated = codes.Select(list => list.Select(c => Truncate(c, o.Digits)).Distinct(StringComparer.Ordinal).ToArray()).ToArray();
        var universe = truncated.SelectMany(t => t).ToHashSet(StringComparer.Ordinal);
        var expanded = truncated.Select(list => list
            .SelectMany(c => WithAncestors(c).Where(a => o.AllAncestors || universe.Contains(a)))
            .Distinct(StringComparer.Ordinal).ToArray()).ToArray();

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < expanded.Length; i++)
        {
            bool counted = !o.CountTrainingFoldsOnly || folds[i] is { } f && f >= 0 && f <= o.LastTrainFold;
            if (!counted)
            {
                continue;
            }

            foreach (string c in expanded[i])
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        var kept = counts.Where(kv => kv.Value >= o.MinCount)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        var keptSet = kept.Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        return new MimicLabelSet(
            kept.Select(kv => kv.Key).ToArray(),
            kept.Select(kv => kv.Value).ToArray(),
            expanded.Select(l => (IReadOnlyList<string>)l.Where(keptSet.Contains).Order(StringComparer.Ordinal).ToArray()).ToArray());
    }
}

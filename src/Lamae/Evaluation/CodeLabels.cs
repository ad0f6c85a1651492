namespace Lamae.Evaluation;

/// <summary>The truth of a multi-label test set: the codes, and for each code one label per record (<c>Labels[code][record]</c>).</summary>
public sealed record CodeLabels(IReadOnlyList<string> Codes, IReadOnlyList<bool[]> Labels)
{
    /// <summary>The number of records (0 without codes).</summary>
    public int RecordCount => Labels.Count == 0 ? 0 : Labels[0]?.Length ?? 0;

    /// <summary>
    /// Checks that <paramref name="labels"/> has one label array per code, all of one length, and that each of
    /// <paramref name="scoreSets"/> (scores[code][record]) has one score array per code of that length; throws an
    /// <see cref="ArgumentException"/> naming the first mismatch.
    /// </summary>
    internal static void Check(CodeLabels labels, params IReadOnlyList<double[]>[] scoreSets)
    {
        ArgumentNullException.ThrowIfNull(labels);
        IReadOnlyList<string> codes = labels.Codes ?? throw new ArgumentException("no code list", nameof(labels));
        IReadOnlyList<bool[]> perCode = labels.Labels ?? throw new ArgumentException("no label arrays", nameof(labels));
        int records = labels.RecordCount;
        if (codes.Count != perCode.Count)
        {
            throw new ArgumentException($"{codes.Count} codes but {perCode.Count} label arrays; there must be one per code", nameof(labels));
        }

        for (int c = 0; c < codes.Count; c++)
        {
            if (perCode[c] is null || perCode[c].Length != records)
            {
                throw new ArgumentException($"code {codes[c]}: {perCode[c]?.Length ?? 0} labels, the first code has {records}; every code labels every record", nameof(labels));
            }
        }

        foreach (IReadOnlyList<double[]> scores in scoreSets)
        {
            ArgumentNullException.ThrowIfNull(scores, nameof(scoreSets));
            if (scores.Count != codes.Count)
            {
                throw new ArgumentException($"{scores.Count} score arrays for {codes.Count} codes; there must be one per code", nameof(scoreSets));
            }

            for (int c = 0; c < codes.Count; c++)
            {
                if (scores[c] is null || scores[c].Length != records)
                {
                    throw new ArgumentException($"code {codes[c]}: {scores[c]?.Length ?? 0} scores for {records} records; there must be one score per record", nameof(scoreSets));
                }
            }
        }
    }
}

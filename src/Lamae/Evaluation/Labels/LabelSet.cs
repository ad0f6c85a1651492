namespace Lamae.Evaluation.Labels;

/// <summary>
/// The codes an evaluation predicts and every record's label for each: built from the raw labels of the embedded
/// records by <see cref="LabelSets.Build"/>, choosing codes on the training split only.
/// </summary>
/// <param name="Name">The label set's name (<c>--labels</c>).</param>
/// <param name="Description">One line on how the codes were made and chosen.</param>
/// <param name="MinPatients">The training patients a code needed to be kept.</param>
/// <param name="Codes">The kept codes, most training patients first (ties in ordinal order).</param>
/// <param name="TrainingPatients">Per kept code, the training patients who have it.</param>
/// <param name="Dropped">Every other code seen in the records, with the reason (ordinal order).</param>
/// <param name="Labels">Per kept code, one label per record (<c>Labels[code][record]</c>), records in embeddings order.</param>
public sealed record LabelSet(
    string Name,
    string Description,
    int MinPatients,
    IReadOnlyList<string> Codes,
    IReadOnlyList<int> TrainingPatients,
    IReadOnlyList<SkippedCode> Dropped,
    IReadOnlyList<bool[]> Labels)
{
    /// <summary>The labels of the records <paramref name="rows"/> (in that order), as the metrics take them.</summary>
    public CodeLabels Of(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return new CodeLabels(Codes, Labels.Select(column => rows.Select(r => column[r]).ToArray()).ToArray());
    }
}

namespace Lamae.Evaluation;

/// <summary>How many records of one code are positive and negative, and whether a metric can be computed on them.</summary>
public readonly record struct ClassCounts(int Positives, int Negatives)
{
    /// <summary>The counts of <paramref name="labels"/>.</summary>
    public static ClassCounts Of(ReadOnlySpan<bool> labels)
    {
        int positives = 0;
        foreach (bool label in labels)
        {
            positives += label ? 1 : 0;
        }

        return new ClassCounts(positives, labels.Length - positives);
    }

    /// <summary>Both classes are present: the condition for a code to enter a macro average or a bootstrap.</summary>
    public bool HasBothClasses => Positives > 0 && Negatives > 0;

    /// <summary>
    /// Why a code cannot be evaluated, or null when it has both classes. AUROC needs both; average precision is defined
    /// without negatives (it is then 1 whatever the scores), which says nothing about a model, so Lamae skips that too.
    /// </summary>
    public string? SkipReason => (Positives, Negatives) switch
    {
        (0, 0) => "no records",
        (0, _) => $"single class: no positive record (all {Negatives} negative)",
        (_, 0) => $"single class: no negative record (all {Positives} positive)",
        _ => null,
    };
}

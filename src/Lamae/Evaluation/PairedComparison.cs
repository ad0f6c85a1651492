namespace Lamae.Evaluation;

/// <summary>
/// Model A minus model B on the same records and the same patient resamples: the difference on the full test set, its
/// percentile interval, and the two-sided p-value 2 min(share of resampled differences ≤ 0, share ≥ 0), capped at 1.
/// A win is claimed only where the interval excludes 0.
/// </summary>
public sealed record PairedComparison(
    BinaryMetric Metric,
    double? A,
    double? B,
    double? Difference,
    double? Lower,
    double? Upper,
    double? PValue,
    int Resamples,
    int SkippedResamples,
    string? UndefinedReason,
    IReadOnlyList<SkippedCode> SkippedCodes);

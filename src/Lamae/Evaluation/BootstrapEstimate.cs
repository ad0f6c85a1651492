namespace Lamae.Evaluation;

/// <summary>
/// A metric on the full test set and its bootstrap percentile interval. Resamples where the metric is undefined (a code
/// with a single class in the resample) are left out of the interval and counted in <see cref="SkippedResamples"/>.
/// </summary>
public sealed record BootstrapEstimate(
    BinaryMetric Metric,
    double? Value,
    double? Lower,
    double? Upper,
    int Resamples,
    int SkippedResamples,
    string? UndefinedReason,
    IReadOnlyList<SkippedCode> SkippedCodes);

namespace Lamae.Evaluation;

/// <summary>
/// AUROC and average precision of one code, equal to scikit-learn's <c>roc_auc_score</c> and
/// <c>average_precision_score</c> (ties as one threshold); null, never NaN, where the metric is undefined.
/// </summary>
public static class BinaryMetrics
{
    /// <summary>
    /// The area under the ROC curve; equal scores form one step, so all-equal scores give 0.5. Null with a single class
    /// (<see cref="ClassCounts.SkipReason"/> says which).
    /// </summary>
    public static double? Auroc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels) =>
        Compute(BinaryMetric.Auroc, scores, labels);

    /// <summary>
    /// Average precision, the step-wise sum over thresholds of (R_n - R_{n-1}) P_n. Null without a positive; without a
    /// negative it is 1, as in scikit-learn (the macro average and the bootstrap skip such a code all the same).
    /// </summary>
    public static double? AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels) =>
        Compute(BinaryMetric.AveragePrecision, scores, labels);

    /// <summary>The chosen metric; null where it is undefined.</summary>
    public static double? Compute(BinaryMetric metric, ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels)
    {
        double value = RankedCode.From(scores, labels).Sweep(metric, [], out _, out _);
        return double.IsNaN(value) ? null : value;
    }
}

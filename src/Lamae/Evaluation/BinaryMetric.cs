namespace Lamae.Evaluation;

/// <summary>A per-code metric of scores against binary labels (DESIGN.md section 7).</summary>
public enum BinaryMetric
{
    /// <summary>Area under the ROC curve, as scikit-learn's <c>roc_auc_score</c>.</summary>
    Auroc,

    /// <summary>Average precision (AUPRC), as scikit-learn's <c>average_precision_score</c>.</summary>
    AveragePrecision,
}

namespace Lamae.Evaluation;

/// <summary>How a logistic model weighs its rows, as scikit-learn's <c>class_weight</c> of a binary problem.</summary>
public enum ClassWeight
{
    /// <summary>Every row weighs 1 (<c>class_weight=None</c>).</summary>
    None,

    /// <summary>A row of class k weighs n_samples / (2 n_k) (<c>class_weight='balanced'</c>), so both classes weigh alike.</summary>
    Balanced,
}

namespace Lamae.Evaluation.Probing;

/// <summary>How the probe splits the records (DESIGN.md section 7); always by patient.</summary>
public enum ProbeProtocol
{
    /// <summary>The dataset's train / validation / test split (PTB-XL folds 1-8 / 9 / 10, MIMIC 0-17 / 18 / 19).</summary>
    Folds,

    /// <summary>
    /// Cross-validation for small labelled sets: the patient-wise folds grouped into K parts; each part is predicted by a
    /// probe trained on the others, with the next part as its validation, so every record is predicted once.
    /// </summary>
    Cv,
}

/// <summary>One train / validation / test partition of the records (row indices into the embeddings, ascending).</summary>
/// <param name="Name">"folds", or "cv 1/5" ...</param>
/// <param name="Train">Rows the probe may learn from (before the label fraction).</param>
/// <param name="Validation">Rows that choose C and the class weighting.</param>
/// <param name="Test">Rows predicted and scored.</param>
public sealed record ProbePart(string Name, int[] Train, int[] Validation, int[] Test);

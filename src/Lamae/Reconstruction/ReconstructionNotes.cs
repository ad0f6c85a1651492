namespace Lamae.Reconstruction;

/// <summary>The fixed text that says how to read reconstruction results: their domain and the published anchors.</summary>
public static class ReconstructionNotes
{
    /// <summary>The method name of the linear baseline.</summary>
    public const string LinearMethod = "linear";

    /// <summary>What the numbers are measured in.</summary>
    public const string Domain =
        "standardised signals: each lead of each record z-scored by the default preprocessing pipeline, as the cache holds them " +
        "and the models were trained on; RMSE in units of the lead's own SD in that record, Pearson r scale-free";

    /// <summary>How to read the numbers, and what published work reached.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "Kept leads are the input copied bitwise; only the missing leads are scored, against the true standardised signal.",
        "Reconstruction, the linear map and the truth are all compared in the standardised domain: RMSE 1 is an error as large as the lead's own SD; r is scale-free and so comparable with the published anchors.",
        "In this domain the limb leads are not an exact linear function of I and II (Einthoven and Goldberger hold in mV, but each lead is divided by its own SD in each record), for the models and the linear map alike.",
        "The linear map (least squares with an intercept, per missing lead, over every sample of the training ECGs that have the kept leads and that lead) is fitted on the training split of the fit cache and never on the records evaluated.",
        "A record whose true lead is flat in the window has no r for that lead; it is counted in flatSkipped and left out of the mean r.",
        "Group means are means over the rebuilt leads of each group of their per-lead means (each lead counts once).",
        "Published anchors (linear maps on normal ECGs): two limb leads + V3 -> the other leads reach r 0.93; one lead -> 12 leads about r 0.79.",
    ];
}

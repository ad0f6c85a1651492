using static TorchSharp.torch;

namespace Lamae.Evaluation;

/// <summary>The linear probe: fitted on the training part, each code's C and class weighting chosen on validation.</summary>
/// <param name="Standardiser">Fitted on the training rows; applied to any rows before <paramref name="Model"/>.</param>
/// <param name="Model">One logistic model per fitted code, in <paramref name="Choices"/> order.</param>
/// <param name="Choices">The fitted codes, each with its chosen setting and the validation log-loss of every grid point.</param>
/// <param name="Skipped">The codes without a model, each with the reason.</param>
/// <param name="Grid">The grid points tried, in order.</param>
public sealed record ProbeSelectionResult(
    Standardiser Standardiser,
    LogisticFit Model,
    IReadOnlyList<ProbeCodeChoice> Choices,
    IReadOnlyList<ProbeSkippedCode> Skipped,
    IReadOnlyList<ProbeGridPoint> Grid)
{
    /// <summary>The label columns that have a model: the columns of <see cref="PredictProbabilities"/>.</summary>
    public IReadOnlyList<int> FittedCodes => Choices.Select(c => c.Code).ToArray();

    /// <summary>Rows x [N, D] as given to the probe (not standardised) -> probability of each fitted code [N, fitted codes] in float64.</summary>
    public Tensor PredictProbabilities(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Model.PredictProbabilities(Standardiser.Transform(x)).MoveToOuterDisposeScope();
    }
}

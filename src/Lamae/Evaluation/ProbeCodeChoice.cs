namespace Lamae.Evaluation;

/// <summary>What the probe chose for one code on validation, and the validation log-loss of every grid point.</summary>
/// <param name="Code">The code's column in the labels.</param>
/// <param name="Setting">The chosen C and class weighting.</param>
/// <param name="ValidationLogLoss">Mean log-loss of the validation rows under the chosen setting (unweighted).</param>
/// <param name="GridLogLoss">Mean validation log-loss at every grid point (<see cref="ProbeSelectionResult.Grid"/> order); +infinity where the solver did not converge.</param>
public sealed record ProbeCodeChoice(int Code, ProbeGridPoint Setting, double ValidationLogLoss, IReadOnlyList<double> GridLogLoss);

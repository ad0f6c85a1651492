namespace Lamae.Evaluation;

/// <summary>One code's logistic model: what it was fitted with, its weights, and how close to the optimum it ended.</summary>
/// <param name="C">Inverse penalty strength (scikit-learn's C).</param>
/// <param name="ClassWeight">How the training rows were weighed.</param>
/// <param name="Coefficients">Weights w [D] on the (standardised) features.</param>
/// <param name="Intercept">The unpenalised intercept.</param>
/// <param name="Gradient">Largest entry of the code's gradient at the end, as <see cref="LogisticSolverOptions.GradientTolerance"/> measures it.</param>
/// <param name="Converged">Whether <paramref name="Gradient"/> met the tolerance.</param>
public sealed record LogisticCodeFit(
    double C,
    ClassWeight ClassWeight,
    IReadOnlyList<double> Coefficients,
    double Intercept,
    double Gradient,
    bool Converged);

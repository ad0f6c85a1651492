namespace Lamae.Evaluation;

/// <summary>How <see cref="LogisticRegression"/> runs TorchSharp's L-BFGS; the defaults solve to convergence.</summary>
public sealed record LogisticSolverOptions
{
    /// <summary>
    /// Stop when every entry of every code's gradient is at most this, the gradient taken of the code's objective
    /// divided by C times the sum of its row weights (so of the weighted mean log-loss plus |w|^2 / (2 C sum s)).
    /// 1e-10 puts the coefficients within 1e-6 of scikit-learn's optimum on the reference problems
    /// (tests/reference/logistic_reference.py), C up to 100 on nearly separable data included.
    /// </summary>
    public double GradientTolerance { get; init; } = 1e-10;

    /// <summary>Most L-BFGS iterations per fit; scikit-learn's reference runs allow the same (max_iter=10000).</summary>
    public int MaxIterations { get; init; } = 10_000;

    /// <summary>Curvature pairs L-BFGS keeps (SciPy's L-BFGS-B, behind scikit-learn's lbfgs, keeps 10).</summary>
    public int HistorySize { get; init; } = 10;
}

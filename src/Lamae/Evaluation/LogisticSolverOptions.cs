namespace Lamae.Evaluation;

/// <summary>How <see cref="LogisticRegression"/> runs TorchSharp's L-BFGS; the defaults solve to convergence.</summary>
public sealed record LogisticSolverOptions
{
    /// <summary>
    /// Stop when every entry of every code's gradient is at most this: the gradient of the code's objective divided by
    /// C times the sum of its row weights and by its curvature, (weighted mean log-loss + |w|^2 / (2 C sum s)) / h,
    /// with respect to the solver's preconditioned variables (LogisticSolverCoordinates), where the Hessian's diagonal
    /// is near 1, so the gradient is about the distance to the optimum there. 1e-10 put the coefficients within
    /// 2.3e-8 of scikit-learn's optimum on the reference problems (tests/reference/logistic_reference.py), C up to
    /// 100 on nearly separable data included; each decade looser cost ~15 % fewer evaluations on a 1,200 x 256 probe.
    /// </summary>
    public double GradientTolerance { get; init; } = 1e-10;

    /// <summary>Most L-BFGS iterations per fit; scikit-learn's reference runs allow the same (max_iter=10000).</summary>
    public int MaxIterations { get; init; } = 10_000;

    /// <summary>Curvature pairs L-BFGS keeps (SciPy's L-BFGS-B, behind scikit-learn's lbfgs, keeps 10).</summary>
    public int HistorySize { get; init; } = 10;
}

using static TorchSharp.torch;

namespace Lamae.Evaluation;

/// <summary>
/// The coordinates <see cref="LogisticRegression"/>'s L-BFGS works in: the rows centred and rotated onto the
/// eigenvectors of their covariance, and each code's rotated weights scaled so that its Hessian is near the identity.
/// A linear change of variables, so its optimum maps back onto scikit-learn's exactly. The tensors live in the dispose
/// scope the constructor runs in.
/// </summary>
internal sealed class LogisticSolverCoordinates
{
    /// <summary>
    /// rows [N, D] (float64), labels [N, C], row weights [N, C], one C and class weighting per code, and the fit the
    /// solver starts from (its predictions set each code's curvature), if any.
    /// </summary>
    public LogisticSolverCoordinates(Tensor rows, Tensor labels, Tensor rowWeights, IReadOnlyList<double> c, IReadOnlyList<ClassWeight> classWeights, LogisticFit? start)
    {
        double n = rows.shape[0];
        Mean = rows.mean([0]);                                                                  // [D]
        Tensor centred = rows - Mean;                                                           // [N, D]
        Tensor rotation = linalg.eigh(centred.t().mm(centred) / n).Item2;                       // [D, D]
        Rotation = rotation;
        Rotated = centred.mm(rotation);                                                         // [N, D]

        // The Hessian of code k's (weighted mean log-loss + |w|^2 / (2 C n)) at the start, in the rotated basis, has
        // the diagonal sum_i s_i p_i (1 - p_i) x_ij^2 / n + 1 / (C n); h_k, the weighted mean of p (1 - p), is its
        // intercept's. Dividing the objective by h_k and scaling each coordinate by the inverse square root of its
        // diagonal entry over h_k brings every diagonal entry to 1 (Jacobi preconditioning in the eigenbasis).
        Tensor probabilities = start is null
            ? FirstGuess(labels, classWeights).expand_as(labels)
            : (centred.mm(Weights(start, rows.device)) + FromIntercepts(start, rows.device)).sigmoid();       // [N, C]
        Tensor spread = rowWeights * probabilities * (1 - probabilities);                                      // [N, C]
        Tensor penalty = (tensor(c.ToArray(), float64, rows.device) * n).reciprocal();                        // [C]
        // Never below the penalty's curvature: a start that predicts every row with certainty has h ~ 0.
        Curvature = spread.mean([0]).maximum(penalty);                                                         // [C]
        Tensor diagonal = Rotated.mul(Rotated).t().mm(spread) / n;                                                 // [D, C]
        Scale = (Curvature / (diagonal + penalty)).sqrt();                                                     // [D, C]
    }

    /// <summary>Column means of the rows [D]; the solver's intercept is that of the centred rows.</summary>
    public Tensor Mean { get; }

    /// <summary>Eigenvectors of the rows' covariance, one per column [D, D].</summary>
    public Tensor Rotation { get; }

    /// <summary>The centred rows in the eigenvector basis [N, D].</summary>
    public Tensor Rotated { get; }

    /// <summary>Each code's curvature estimate h [C]; its objective is divided by it.</summary>
    public Tensor Curvature { get; }

    /// <summary>Per rotated coordinate and code, the factor from the solver's variable to the rotated weight [D, C].</summary>
    public Tensor Scale { get; }

    /// <summary>A starting fit's weights as solver variables v = Rotation' w / Scale [D, C]; zero without one.</summary>
    public Tensor FromWeights(LogisticFit? start, Device device)
    {
        long d = Rotation.shape[0], codes = Scale.shape[1];
        return start is null ? zeros(d, codes, float64, device) : Rotation.t().mm(Weights(start, device)) / Scale;
    }

    /// <summary>A starting fit's intercepts as those of the centred rows, b + mean . w [C]; zero without one.</summary>
    public Tensor FromIntercepts(LogisticFit? start, Device device) =>
        start is null
            ? zeros(Scale.shape[1], float64, device)
            : start.Intercepts(device) + Mean.matmul(Weights(start, device));

    /// <summary>Solver variables v [D, C], b [C] -> weights w = Rotation (Scale v) [D, C] and intercepts b - mean . w [C].</summary>
    public (Tensor Weights, Tensor Intercepts) ToWeights(Tensor v, Tensor b)
    {
        Tensor weights = Rotation.mm(Scale * v);                                                // [D, C]
        return (weights, b - Mean.matmul(weights));
    }

    /// <summary>Without a start, every row predicted at the prevalence, or at 1/2 under balanced weights (where the
    /// weighted prevalence is 1/2) [C].</summary>
    private static Tensor FirstGuess(Tensor labels, IReadOnlyList<ClassWeight> classWeights)
    {
        Tensor prevalence = labels.mean([0]);                                                   // [C]
        Tensor balanced = tensor(classWeights.Select(w => w == ClassWeight.Balanced).ToArray(), device: labels.device);
        return where(balanced, full_like(prevalence, 0.5), prevalence);
    }

    private static Tensor Weights(LogisticFit start, Device device) => start.Weights(start.Codes[0].Coefficients.Count, device);  // [D, C]
}

using Lamae.Runtime;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lamae.Evaluation;

/// <summary>
/// L2-penalised logistic regression for many binary codes at once: per code the minimiser of scikit-learn's
/// objective for <c>LogisticRegression(penalty='l2', C, class_weight, fit_intercept=True)</c>,
/// 0.5 |w|^2 + C sum_i s_i logloss_i (the intercept unpenalised, s_i the class weight of row i), found by
/// TorchSharp's L-BFGS on all codes together, in preconditioned variables (<see cref="LogisticSolverCoordinates"/>).
/// </summary>
public static class LogisticRegression
{
    /// <summary>
    /// Multiplies every code's objective (already divided by C, its row-weight sum and its curvature, so of order 1).
    /// libtorch's L-BFGS keeps a curvature pair only when s'y exceeds a fixed 1e-10, and s'y shrinks with the square of
    /// the gradient: at scale 1 it stopped learning curvature long before the gradient met the tolerance and took 10x
    /// the evaluations on the reference problems (13,049 against 1,191 at 1e12, measured before the preconditioning;
    /// no change from 1e10 up).
    /// </summary>
    private const double ObjectiveScale = 1e12;

    /// <summary>Fits every code (label column) with the same C and class weighting.</summary>
    public static LogisticFit Fit(Tensor x, Tensor y, double c, ClassWeight classWeight, LogisticSolverOptions? options = null, LogisticFit? start = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        int codes = y.dim() == 2 ? (int)y.shape[1] : 0;
        return Fit(x, y, Enumerable.Repeat(c, codes).ToArray(), Enumerable.Repeat(classWeight, codes).ToArray(), options, start);
    }

    /// <summary>
    /// Fits x [N, D] (float32 or float64; computed in float64) against binary labels y [N, C], code k with its own
    /// inverse penalty <paramref name="c"/>[k] and <paramref name="classWeights"/>[k]; <paramref name="start"/> (a fit
    /// of the same shape, e.g. at the neighbouring C) is where L-BFGS starts instead of zero. Every code needs both
    /// classes among the rows.
    /// </summary>
    public static LogisticFit Fit(
        Tensor x,
        Tensor y,
        IReadOnlyList<double> c,
        IReadOnlyList<ClassWeight> classWeights,
        LogisticSolverOptions? options = null,
        LogisticFit? start = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(classWeights);
        options ??= new LogisticSolverOptions();
        Validate(x, y, c, classWeights, options, start);

        using var scope = NewDisposeScope();
        Tensor rows = x.to(float64);      // [N, D]
        Tensor labels = y.to(float64);    // [N, C]
        long n = rows.shape[0], codes = labels.shape[1];
        Tensor rowWeights = RowWeights(labels, classWeights);                                                  // [N, C]
        var coordinates = new LogisticSolverCoordinates(rows, labels, rowWeights, c, classWeights, start);

        // Code k's objective divided by C_k N (N = the sum of its row weights, balanced or not) and by its curvature
        // h_k: (weighted mean log-loss + |w|^2 / (2 C_k N)) / h_k. The minimiser is unchanged; in the solver's
        // coordinates the Hessian's diagonal is near 1 for every code, so one L-BFGS serves them all.
        Tensor perCode = coordinates.Curvature.reciprocal() * ObjectiveScale;                                   // [C]
        Tensor lossWeights = rowWeights * perCode / n;                                                          // [N, C]
        Tensor penalty = perCode / (2 * n * tensor(c.ToArray(), float64, x.device));                           // [C]

        var v = new Parameter(coordinates.FromWeights(start, x.device));                                       // [D, C]
        var b = new Parameter(coordinates.FromIntercepts(start, x.device));                                    // [C]
        // TorchSharp's constructor reads libtorch's Optimizer::parameters(), which warns on stderr that it "will be
        // removed in PyTorch 1.6" once per fit; quiet for that call only.
        using LBFGS lbfgs = NativeWarnings.Quiet(() => optim.LBFGS(
            [v, b],
            // Unit steps without a line search: TorchSharp 0.107 does not pass libtorch's strong-Wolfe option through
            // (THSNN_LBFGS_ctor), and in the preconditioned variables the quasi-Newton step of length 1 is the right one.
            lr: 1.0,
            max_iter: options.MaxIterations,
            tolerange_grad: options.GradientTolerance * ObjectiveScale,
            // Off: near the optimum the objective stops changing in float64 long before the gradient meets the
            // tolerance, so a test on its change (or on the step) would stop early.
            tolerance_change: 0.0,
            history_size: options.HistorySize));
        // TorchSharp 0.107's LBFGS constructor takes new native handles to its parameters into a lazy sequence that is
        // never enumerated, so they were never freed and kept the weights and their gradients alive (16 bytes per
        // parameter per fit, measured). Enumerating it once wraps them in this scope, which frees them.
        _ = ((ParamGroup)lbfgs.ParamGroups.Single()).Parameters.ToArray();

        Tensor Evaluate()
        {
            using var evaluation = NewDisposeScope();
            lbfgs.zero_grad();
            Tensor u = coordinates.Scale * v;                                                                   // [D, C], rotated weights
            Tensor z = coordinates.Rotated.mm(u).add(b);                                                        // [N, C]
            // u * u, not u.square(): TorchSharp 0.107's square() passes an implicit Scalar it never disposes, and its finalizer
            // freed it during the native call once (a test host crash in CI; dotnet/TorchSharp#1496). Same bytes.
            Tensor loss = F.binary_cross_entropy_with_logits(z, labels, lossWeights, nn.Reduction.Sum)
                + penalty.mul(u.mul(u).sum([0])).sum();                                                       // [], |u| = |w|
            loss.backward();
            return loss.detach().DetachFromDisposeScope();                                                      // [], no graph
        }

        // TorchSharp 0.107's native step copies the loss each evaluation returns but never frees the handle it was
        // given (THSNN_Optimizer_step), which leaked ~16 kB per evaluation here with the autograd graph attached and
        // ~430 bytes without. The copy is made on return, so each handle is freed at the next evaluation.
        int evaluations = 0;
        IntPtr handedOver = IntPtr.Zero;
        void FreeHandedOver()
        {
            if (handedOver != IntPtr.Zero)
            {
                Tensor.UnsafeCreateTensor(handedOver).Dispose();
                handedOver = IntPtr.Zero;
            }
        }

        try
        {
            lbfgs.step(() =>
            {
                FreeHandedOver();
                Tensor value = Evaluate();
                handedOver = value.Handle;
                evaluations++;
                return value;
            }).Dispose();
        }
        finally
        {
            FreeHandedOver();
        }

        // The last L-BFGS iteration moves without evaluating; evaluate once more for the gradient it ended at.
        Evaluate().Dispose();

        double[] gradient = v.grad!.abs().amax([0]).maximum(b.grad!.abs()).div(ObjectiveScale).data<double>().ToArray();  // [C]
        (Tensor weights, Tensor intercepts) = coordinates.ToWeights(v.detach(), b.detach());                  // [D, C], [C]
        double[] w = weights.t().contiguous().data<double>().ToArray();                                        // [C * D]
        double[] intercept = intercepts.data<double>().ToArray();                                              // [C]
        int d = (int)rows.shape[1];
        var fits = new LogisticCodeFit[codes];
        for (int k = 0; k < codes; k++)
        {
            fits[k] = new LogisticCodeFit(
                c[k], classWeights[k], w.AsSpan(k * d, d).ToArray(), intercept[k], gradient[k], gradient[k] <= options.GradientTolerance);
        }

        return new LogisticFit(fits, evaluations);
    }

    /// <summary>labels [N, C] -> row weights s [N, C]: 1, or n / (2 n_class) for the codes weighted 'balanced'.</summary>
    private static Tensor RowWeights(Tensor labels, IReadOnlyList<ClassWeight> classWeights)
    {
        using var scope = NewDisposeScope();
        double n = labels.shape[0];
        Tensor positives = labels.sum([0]);                                                                       // [C]
        Tensor balanced = labels * (n / (2 * positives)) + (1 - labels) * (n / (2 * (n - positives)));           // [N, C]
        Tensor isBalanced = tensor(classWeights.Select(w => w == ClassWeight.Balanced).ToArray(), device: labels.device);  // [C]
        return where(isBalanced, balanced, ones_like(balanced)).MoveToOuterDisposeScope();
    }

    private static void Validate(Tensor x, Tensor y, IReadOnlyList<double> c, IReadOnlyList<ClassWeight> classWeights, LogisticSolverOptions options, LogisticFit? start)
    {
        if (x.dim() != 2 || x.shape[0] == 0 || x.shape[1] == 0)
        {
            throw new ArgumentException($"features must be [N, D] with N, D >= 1, got [{string.Join(", ", x.shape)}]", nameof(x));
        }

        if (y.dim() != 2 || y.shape[0] != x.shape[0])
        {
            throw new ArgumentException($"labels must be [{x.shape[0]}, C] like the {x.shape[0]} feature rows, got [{string.Join(", ", y.shape)}]", nameof(y));
        }

        long codes = y.shape[1];
        if (c.Count != codes || classWeights.Count != codes)
        {
            throw new ArgumentException($"one C and one class weight per code: {codes} codes, {c.Count} C, {classWeights.Count} class weights", nameof(c));
        }

        int bad = c.ToList().FindIndex(ck => !(ck > 0) || double.IsInfinity(ck));
        if (bad >= 0)
        {
            throw new ArgumentException($"C must be positive and finite; code {bad} has {c[bad]}", nameof(c));
        }

        if (!(options.GradientTolerance > 0) || options.MaxIterations < 1 || options.HistorySize < 1)
        {
            throw new ArgumentException($"solver options need a positive tolerance, iterations and history, got {options}", nameof(options));
        }

        if (start is not null && (start.Codes.Count != codes || start.Codes.Any(f => f.Coefficients.Count != x.shape[1])))
        {
            throw new ArgumentException($"the starting fit must have {codes} codes on {x.shape[1]} features", nameof(start));
        }

        using var scope = NewDisposeScope();
        if (!x.isfinite().all().item<bool>())
        {
            throw new ArgumentException("features hold NaN or infinite values", nameof(x));
        }

        if (!y.eq(0).logical_or(y.eq(1)).all().item<bool>())
        {
            throw new ArgumentException("labels must be 0 or 1", nameof(y));
        }

        double[] positives = y.to(float64).sum([0]).data<double>().ToArray();
        int[] single = Enumerable.Range(0, positives.Length).Where(k => positives[k] == 0 || positives[k] == y.shape[0]).ToArray();
        if (single.Length > 0)
        {
            // The unpenalised intercept has no finite optimum when a code has one class.
            throw new ArgumentException(
                $"code(s) {string.Join(", ", single)} have a single class among the {y.shape[0]} rows; leave them out (ProbeSelection skips them)",
                nameof(y));
        }
    }
}

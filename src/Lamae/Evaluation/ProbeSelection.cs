using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Lamae.Evaluation;

/// <summary>
/// The linear probe's protocol (DESIGN.md section 7): standardise on the training rows, fit L2 logistic regression at
/// every (class weighting, C) grid point, all codes in one batched fit per point, and give each code the setting with
/// the least mean log-loss on the validation rows.
/// </summary>
public static class ProbeSelection
{
    /// <summary>
    /// Validation log-losses this close to the least count as equal, and the first such setting in grid order wins (by
    /// default no weighting before balanced, then the smaller C). The solver leaves the coefficients ~1e-7 from the
    /// optimum (LogisticSolverOptions.GradientTolerance), so closer losses are not resolved; and a code with as many
    /// positives as negatives has identical unweighted and balanced problems, whose losses must tie.
    /// </summary>
    public const double TieTolerance = 1e-7;

    /// <summary>
    /// Chooses and fits the probe from training rows xTrain [N, D] with labels yTrain [N, C] and validation rows
    /// xValidation [M, D] with labels yValidation [M, C] (features float32 or float64, labels 0/1). A code with one
    /// class among the training rows is skipped with the reason; it is never a NaN or an exception.
    /// </summary>
    public static ProbeSelectionResult Select(Tensor xTrain, Tensor yTrain, Tensor xValidation, Tensor yValidation, ProbeSelectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xTrain);
        ArgumentNullException.ThrowIfNull(yTrain);
        ArgumentNullException.ThrowIfNull(xValidation);
        ArgumentNullException.ThrowIfNull(yValidation);
        options ??= new ProbeSelectionOptions();
        Validate(xTrain, yTrain, xValidation, yValidation, options);
        IReadOnlyList<ProbeGridPoint> grid = options.Grid;

        using var scope = NewDisposeScope();
        var skipped = new List<ProbeSkippedCode>();
        int[] fitted = CodesWithBothClasses(yTrain, skipped);
        Standardiser standardiser = Standardiser.Fit(xTrain);
        if (fitted.Length == 0)
        {
            return new ProbeSelectionResult(standardiser, new LogisticFit([], 0), [], skipped, grid);
        }

        Tensor index = tensor(fitted.Select(k => (long)k).ToArray(), device: yTrain.device);
        Tensor train = standardiser.Transform(xTrain);                                                  // [N, D]
        Tensor validation = standardiser.Transform(xValidation);                                        // [M, D]
        Tensor labels = yTrain.index_select(1, index);                                                  // [N, C']
        Tensor validationLabels = yValidation.index_select(1, index).to(float64);                       // [M, C']

        // One batched fit per C: every class weighting's copy of every code side by side ([N, W C'] labels), started
        // from the previous C's optimum. The weightings share each L-BFGS step and each wider matrix product, which
        // took 22-34 % less time than a fit per grid point (docs/evaluation.md, "Speed"); each column still meets the
        // tolerance on its own objective.
        int weightings = options.ClassWeights.Count, codes = fitted.Length;
        Tensor stacked = labels.repeat(1, weightings);                                                  // [N, W C']
        ClassWeight[] columnWeights = options.ClassWeights.SelectMany(w => Enumerable.Repeat(w, codes)).ToArray();
        var fits = new LogisticFit[grid.Count];
        var losses = new double[grid.Count][];                                                          // [G][C']
        int evaluations = 0;
        LogisticFit? start = null;
        for (int ci = 0; ci < options.CGrid.Count; ci++)
        {
            double c = options.CGrid[ci];
            LogisticFit joint = LogisticRegression.Fit(train, stacked, Enumerable.Repeat(c, weightings * codes).ToArray(), columnWeights, options.Solver, start);
            evaluations += joint.Evaluations;
            for (int wi = 0; wi < weightings; wi++)
            {
                int g = (wi * options.CGrid.Count) + ci;  // the grid's order: class weighting outer, C inner
                fits[g] = new LogisticFit(joint.Codes.Skip(wi * codes).Take(codes).ToArray(), joint.Evaluations);
                losses[g] = ValidationLogLoss(fits[g], validation, validationLabels);
            }

            if (joint.Codes.All(f => f.Coefficients.All(double.IsFinite) && double.IsFinite(f.Intercept)))
            {
                start = joint;
            }
        }

        var choices = new List<ProbeCodeChoice>();
        var models = new List<LogisticCodeFit>();
        for (int k = 0; k < fitted.Length; k++)
        {
            double[] column = losses.Select(row => row[k]).ToArray();
            double least = column.Min();
            int best = Array.FindIndex(column, l => l <= least + TieTolerance);
            if (double.IsPositiveInfinity(column[best]))
            {
                skipped.Add(new ProbeSkippedCode(fitted[k], $"L-BFGS did not converge at any of the {grid.Count} grid points"));
                continue;
            }

            choices.Add(new ProbeCodeChoice(fitted[k], grid[best], column[best], column));
            models.Add(fits[best].Codes[k]);
        }

        skipped.Sort((a, b) => a.Code.CompareTo(b.Code));
        var model = new LogisticFit(models, evaluations);
        return new ProbeSelectionResult(standardiser, model, choices, skipped, grid);
    }

    /// <summary>
    /// Per code, the unweighted mean over the validation rows of log(1 + e^z) - y z (the log-loss of sigmoid(z),
    /// unclipped); +infinity where the fit did not converge, so an unfinished fit is never chosen.
    /// </summary>
    private static double[] ValidationLogLoss(LogisticFit fit, Tensor validation, Tensor validationLabels)
    {
        using var scope = NewDisposeScope();
        Tensor z = fit.DecisionFunction(validation);                                                    // [M, C']
        double[] loss = F.binary_cross_entropy_with_logits(z, validationLabels, reduction: nn.Reduction.None)
            .mean([0]).data<double>().ToArray();                                                        // [C']
        return loss.Select((l, k) => fit.Codes[k].Converged && double.IsFinite(l) ? l : double.PositiveInfinity).ToArray();
    }

    /// <summary>The codes with both classes among the training rows; the others go to <paramref name="skipped"/> with the reason.</summary>
    private static int[] CodesWithBothClasses(Tensor yTrain, List<ProbeSkippedCode> skipped)
    {
        using var scope = NewDisposeScope();
        long n = yTrain.shape[0];
        double[] positives = yTrain.to(float64).sum([0]).data<double>().ToArray();
        var fitted = new List<int>();
        for (int k = 0; k < positives.Length; k++)
        {
            if (positives[k] == 0)
            {
                skipped.Add(new ProbeSkippedCode(k, $"no positive among the {n} training rows"));
            }
            else if (positives[k] == n)
            {
                skipped.Add(new ProbeSkippedCode(k, $"no negative among the {n} training rows"));
            }
            else
            {
                fitted.Add(k);
            }
        }

        return fitted.ToArray();
    }

    private static void Validate(Tensor xTrain, Tensor yTrain, Tensor xValidation, Tensor yValidation, ProbeSelectionOptions options)
    {
        if (xTrain.dim() != 2 || xTrain.shape[0] == 0)
        {
            throw new ArgumentException($"training features must be [N, D] with N >= 1, got [{string.Join(", ", xTrain.shape)}]", nameof(xTrain));
        }

        if (yTrain.dim() != 2 || yTrain.shape[0] != xTrain.shape[0])
        {
            throw new ArgumentException($"training labels must be [{xTrain.shape[0]}, C], got [{string.Join(", ", yTrain.shape)}]", nameof(yTrain));
        }

        if (xValidation.dim() != 2 || xValidation.shape[0] == 0 || xValidation.shape[1] != xTrain.shape[1])
        {
            throw new ArgumentException($"validation features must be [M, {xTrain.shape[1]}] with M >= 1, got [{string.Join(", ", xValidation.shape)}]", nameof(xValidation));
        }

        if (yValidation.dim() != 2 || yValidation.shape[0] != xValidation.shape[0] || yValidation.shape[1] != yTrain.shape[1])
        {
            throw new ArgumentException($"validation labels must be [{xValidation.shape[0]}, {yTrain.shape[1]}], got [{string.Join(", ", yValidation.shape)}]", nameof(yValidation));
        }

        if (options.CGrid.Count == 0 || options.ClassWeights.Count == 0)
        {
            throw new ArgumentException("the grid needs at least one C and one class weighting", nameof(options));
        }

        using var scope = NewDisposeScope();
        foreach ((Tensor features, string name) in new[] { (xTrain, nameof(xTrain)), (xValidation, nameof(xValidation)) })
        {
            if (!features.isfinite().all().item<bool>())
            {
                throw new ArgumentException("features hold NaN or infinite values", name);
            }
        }

        foreach ((Tensor labels, string name) in new[] { (yTrain, nameof(yTrain)), (yValidation, nameof(yValidation)) })
        {
            if (!labels.eq(0).logical_or(labels.eq(1)).all().item<bool>())
            {
                throw new ArgumentException("labels must be 0 or 1", name);
            }
        }
    }
}

namespace Lamae.Evaluation.Probing;

/// <summary>The linear-probe protocol (DESIGN.md section 7); the defaults are the issue's.</summary>
public sealed record ProbeOptions
{
    /// <summary>Shares of the training patients given labels, nested per seed.</summary>
    public IReadOnlyList<double> Fractions { get; init; } = [0.01, 0.1, 1];

    /// <summary>Seeds 0 .. Seeds-1, each its own order of training patients.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>The dataset's folds, or cross-validation.</summary>
    public ProbeProtocol Protocol { get; init; } = ProbeProtocol.Folds;

    /// <summary>Parts of the cross-validation protocol.</summary>
    public int CvParts { get; init; } = 5;

    /// <summary>The patient bootstrap of the test predictions.</summary>
    public BootstrapOptions Bootstrap { get; init; } = new();

    /// <summary>
    /// The grid and solver of each probe. The solver stops at a gradient of 1e-5 in its preconditioned variables (about
    /// the distance to the optimum): on 3,000 simulated ECGs every chosen setting and every test AUROC equalled those at
    /// 1e-10, probabilities within 6.9e-5, in half the time (docs/evaluation.md, "Speed").
    /// </summary>
    public ProbeSelectionOptions Selection { get; init; } = new() { Solver = new LogisticSolverOptions { GradientTolerance = ProbeGradientTolerance } };

    /// <summary>
    /// Probes fitted at once, each on one torch thread: set torch to one thread (<c>TorchRuntime.Configure(1)</c>) and
    /// give the cores here. The results do not depend on it.
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// The row every paired difference is taken against (an embeddings folder's or a fine-tune's name); null: the first
    /// embeddings folder. It is listed first.
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>The probe's default solver tolerance (see <see cref="Selection"/>).</summary>
    public const double ProbeGradientTolerance = 1e-5;
}

using Lamae.Evaluation.Labels;
using Lamae.Training;

namespace Lamae.Evaluation.Probing;

/// <summary>One embeddings folder the probe compared.</summary>
/// <param name="Name">Its name in the tables and predictions.csv (the folder's name, made unique).</param>
/// <param name="Folder">The embeddings folder.</param>
/// <param name="Model">The model kind (lamae, mae-lead, mae-joint, contrastive, random).</param>
/// <param name="Run">The run folder the model came from; null for random.</param>
/// <param name="Dim">Embedding dimension.</param>
/// <param name="Kind">
/// How the row was trained on the labels: null for a linear probe on frozen embeddings, "fine-tuned" or "from scratch"
/// for a network trained with a head (<c>lamae finetune</c>, read through <c>--finetuned</c>; <paramref name="Folder"/> is
/// then one of its folders).
/// </param>
/// <param name="Finetunes">For a fine-tuned or from-scratch row, its <c>lamae finetune</c> folders, one per fraction and seed.</param>
public sealed record ProbeEmbedding(string Name, string Folder, string Model, string? Run, int Dim, string? Kind = null, IReadOnlyList<string>? Finetunes = null)
{
    /// <summary>"linear probe", "fine-tuned" or "from scratch".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string KindName => Kind ?? LinearProbe;

    /// <summary>The kind of a row probed on frozen embeddings.</summary>
    public const string LinearProbe = "linear probe";
}

/// <summary>A kept code's positives in each part of the data.</summary>
public sealed record ProbeCodeCounts(string Code, int TrainingPatients, int TrainPositives, int ValidationPositives, int TestPositives, int TestRecords);

/// <summary>The label set as the probe used it.</summary>
public sealed record ProbeLabels(string Name, string Description, int MinPatients, IReadOnlyList<ProbeCodeCounts> Codes, IReadOnlyList<SkippedCode> Dropped);

/// <summary>How a part was split and how many patients and records each side had.</summary>
public sealed record ProbePartSummary(string Name, int TrainPatients, int TrainRecords, int ValidationPatients, int ValidationRecords, int TestPatients, int TestRecords);

/// <summary>Everything a sceptic needs to redo the probe (<paramref name="SolverTolerance"/>: L-BFGS's gradient tolerance; null in probes before it was recorded).</summary>
public sealed record ProbeProtocolSummary(
    string Protocol,
    IReadOnlyList<ProbePartSummary> Parts,
    IReadOnlyList<double> Fractions,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<double> CGrid,
    IReadOnlyList<string> ClassWeights,
    string Selection,
    string Standardisation,
    string TrainingCodesWithoutBothClasses,
    int BootstrapResamples,
    int BootstrapSeed,
    double Confidence,
    double? SolverTolerance = null);

/// <summary>The setting one probe chose for one code on validation.</summary>
public sealed record ProbeCodeSetting(string Code, double C, string ClassWeight, double ValidationLogLoss);

/// <summary>One probe: one embeddings folder, fraction, seed and part.</summary>
/// <param name="Embedding">The embeddings folder's name.</param>
/// <param name="Fraction">The label fraction.</param>
/// <param name="Seed">The seed of the patients' order.</param>
/// <param name="Part">The protocol's part.</param>
/// <param name="TrainPatients">Training patients with labels at this fraction.</param>
/// <param name="TrainRecords">Their records.</param>
/// <param name="Settings">Per fitted code, the chosen C and class weighting and their validation log-loss.</param>
/// <param name="SameAsSeed">At fraction 1 every seed trains on the same patients: the seed whose fit this one reuses, or null.</param>
/// <param name="Constant">Codes this probe has no model for, with the reason; it predicts their training prevalence for every test record.</param>
/// <param name="SolverEvaluations">L-BFGS function evaluations over the whole grid.</param>
/// <param name="Seconds">Wall time of the fit and prediction (0 for a reused fit).</param>
public sealed record ProbeFitSummary(
    string Embedding,
    double Fraction,
    int Seed,
    string Part,
    int TrainPatients,
    int TrainRecords,
    IReadOnlyList<ProbeCodeSetting> Settings,
    IReadOnlyList<SkippedCode> Constant,
    int? SameAsSeed,
    int SolverEvaluations,
    double Seconds);

/// <summary>One code's metrics (mean over seeds, patient-bootstrap interval).</summary>
public sealed record ProbeCodeScore(string Code, BootstrapEstimate Auroc, BootstrapEstimate Auprc);

/// <summary>
/// One embeddings folder at one fraction: the macro AUROC and AUPRC averaged over the seeds with their intervals (each
/// resample averages the seeds' macro values on the same patients), each seed's own value, and every code's.
/// </summary>
public sealed record ProbeScore(
    string Embedding,
    double Fraction,
    BootstrapEstimate Auroc,
    BootstrapEstimate Auprc,
    IReadOnlyList<double?> AurocPerSeed,
    IReadOnlyList<double?> AuprcPerSeed,
    IReadOnlyList<ProbeCodeScore> Codes);

/// <summary>One code's paired difference.</summary>
public sealed record ProbeCodeComparison(string Code, PairedComparison Auroc, PairedComparison Auprc);

/// <summary>An embeddings folder minus the first one at one fraction, paired on the same resamples (mean over seeds).</summary>
public sealed record ProbeComparison(
    string Embedding,
    string Against,
    double Fraction,
    PairedComparison Auroc,
    PairedComparison Auprc,
    IReadOnlyList<ProbeCodeComparison> Codes);

/// <summary>probe.json: the whole result of <see cref="ProbeRunner.Run"/>.</summary>
public sealed record ProbeResult(
    ProbeLabels Labels,
    ProbeProtocolSummary Protocol,
    IReadOnlyList<ProbeEmbedding> Embeddings,
    IReadOnlyList<ProbeScore> Scores,
    IReadOnlyList<ProbeComparison> Comparisons,
    IReadOnlyList<ProbeFitSummary> Fits,
    CacheIdentity Cache,
    string? Dataset,
    string CodeVersion,
    DateTime CreatedUtc,
    double Seconds);

using System.Text.Json.Serialization;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using Lamae.Models;
using Lamae.Training;

namespace Lamae.Reporting;

/// <summary>A metric's value on the full test set and its interval, or why it is undefined.</summary>
public sealed record ReportInterval(double? Value, double? Lower, double? Upper, string? UndefinedReason)
{
    /// <summary>The value and interval of a bootstrap estimate.</summary>
    public static ReportInterval Of(BootstrapEstimate e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ReportInterval(e.Value, e.Lower, e.Upper, e.UndefinedReason);
    }
}

/// <summary>
/// An embeddings folder minus the first one, paired on the same resamples; <paramref name="Verdict"/> is +1 (better) or
/// -1 (worse) only where the interval excludes 0, else 0 (<see cref="ProbeTable.Verdict"/>).
/// </summary>
public sealed record ReportDifference(string Against, double? Difference, double? Lower, double? Upper, double? PValue, int Verdict, string? UndefinedReason)
{
    /// <summary>The difference, interval and verdict of a paired comparison against <paramref name="against"/>.</summary>
    public static ReportDifference Of(PairedComparison c, string against)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new ReportDifference(against, c.Difference, c.Lower, c.Upper, c.PValue, ProbeTable.Verdict(c), c.UndefinedReason);
    }
}

/// <summary>One cell of the models x fractions table: the macro AUROC and AUPRC (mean over seeds) and, after the first folder, the paired differences.</summary>
public sealed record ReportMacroCell(
    string Embedding,
    double Fraction,
    ReportInterval Auroc,
    ReportInterval Auprc,
    IReadOnlyList<double?> AurocPerSeed,
    IReadOnlyList<double?> AuprcPerSeed,
    ReportDifference? AurocDifference,
    ReportDifference? AuprcDifference);

/// <summary>One code's AUROC and AUPRC for one embeddings folder at one fraction, with its test positives.</summary>
public sealed record ReportCodeCell(
    string Code,
    string Embedding,
    double Fraction,
    int TestPositives,
    int TestRecords,
    ReportInterval Auroc,
    ReportInterval Auprc,
    ReportDifference? AurocDifference,
    ReportDifference? AuprcDifference);

/// <summary>A code that the probes of one embeddings folder at one fraction predicted as a constant, for the seeds (and parts) named, and why.</summary>
public sealed record ReportConstantCode(string Code, string Embedding, double Fraction, IReadOnlyList<int> Seeds, IReadOnlyList<string> Parts, IReadOnlyList<string> Reasons);

/// <summary>The PNG files of one probe's section (names relative to the report).</summary>
public sealed record ProbeReportImages(string AurocVsFraction, string AuprcVsFraction, string PerCodeAuroc);

/// <summary>One probe's section of the report: everything its tables, plots and protocol list show.</summary>
/// <param name="Name">The probe folder's name (made unique in the report).</param>
/// <param name="Folder">The probe folder.</param>
/// <param name="Labels">The label set with every kept code's positives and the dropped codes.</param>
/// <param name="Protocol">How the probe was run.</param>
/// <param name="Embeddings">The embeddings folders, the first being the one each difference is taken against.</param>
/// <param name="Macro">The models x fractions cells.</param>
/// <param name="Codes">Every code's cells (code, then fraction, then embeddings folder).</param>
/// <param name="Constant">Codes some probes predicted as a constant.</param>
/// <param name="LeadWeights">LAMAE's mean lead weights per code, one per embeddings folder that has them (or a line why not).</param>
/// <param name="Cache">The cache the embedded records came from.</param>
/// <param name="Dataset">The cache's dataset kind, where known.</param>
/// <param name="CodeVersion">The Lamae version that ran the probe.</param>
/// <param name="CreatedUtc">When the probe finished.</param>
/// <param name="Seconds">The probe's wall time.</param>
/// <param name="Images">The section's plots.</param>
/// <param name="Result">The probe's result as read (for the shared table cells; not written to report.json, which holds its numbers above).</param>
public sealed record ProbeReportSection(
    string Name,
    string Folder,
    ProbeLabels Labels,
    ProbeProtocolSummary Protocol,
    IReadOnlyList<ProbeEmbedding> Embeddings,
    IReadOnlyList<ReportMacroCell> Macro,
    IReadOnlyList<ReportCodeCell> Codes,
    IReadOnlyList<ReportConstantCode> Constant,
    IReadOnlyList<LeadWeightSummary> LeadWeights,
    CacheIdentity Cache,
    string? Dataset,
    string CodeVersion,
    DateTime CreatedUtc,
    double Seconds,
    ProbeReportImages Images,
    [property: JsonIgnore] ProbeResult Result)
{
    /// <summary>The codes left out by the label set, with the reason.</summary>
    [JsonIgnore]
    public IReadOnlyList<SkippedCode> Dropped => Labels.Dropped;

    /// <summary>Whether a model named <c>random</c>, the floor, is among the embeddings folders.</summary>
    [JsonIgnore]
    public bool HasRandom => Embeddings.Any(e => e.Model == ModelNames.Random || e.Name == ModelNames.Random);

    /// <summary>The largest label fraction, where the per-code plot is drawn.</summary>
    [JsonIgnore]
    public double LargestFraction => Protocol.Fractions.Max();
}

/// <summary>One pretraining run: its final losses and its curve.</summary>
/// <param name="Name">The run folder's name (made unique in the report).</param>
/// <param name="Folder">The run folder.</param>
/// <param name="Model">The model kind.</param>
/// <param name="Preset">The model's preset.</param>
/// <param name="Cache">The cache it was trained on.</param>
/// <param name="Epochs">Epochs in metrics.jsonl.</param>
/// <param name="Final">The last epoch's metrics; null before the first epoch ended.</param>
/// <param name="Curve">The curve's PNG file, or null when there is no epoch to draw.</param>
/// <param name="Metrics">Every epoch's metrics (for the curve; report.json holds the final ones).</param>
public sealed record RunReportSection(
    string Name,
    string Folder,
    string Model,
    string Preset,
    string Cache,
    int Epochs,
    EpochMetrics? Final,
    string? Curve,
    [property: JsonIgnore] IReadOnlyList<EpochMetrics> Metrics);

/// <summary>The whole report: one section per probe, then the pretraining runs (report.json).</summary>
public sealed record ProbeReport(IReadOnlyList<ProbeReportSection> Probes, IReadOnlyList<RunReportSection> Runs, string CodeVersion, DateTime CreatedUtc)
{
    /// <summary>Missing-lead reconstructions (<c>lamae reconstruct</c> folders); none by default.</summary>
    public IReadOnlyList<ReconstructionReportSection> Reconstructions { get; init; } = [];
}

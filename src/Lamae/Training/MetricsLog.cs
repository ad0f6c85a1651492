using System.Text.Json;
using System.Text.Json.Serialization;
using Lamae.Common;

namespace Lamae.Training;

/// <summary>One epoch's metrics: one line of <c>metrics.jsonl</c> in the run folder.</summary>
public sealed record EpochMetrics
{
    [JsonPropertyName("epoch")]
    public int Epoch { get; init; }

    /// <summary>Optimiser steps done at the end of the epoch.</summary>
    [JsonPropertyName("step")]
    public long Step { get; init; }

    /// <summary>Mean training loss over the epoch's batches.</summary>
    [JsonPropertyName("train_loss")]
    public double TrainLoss { get; init; }

    /// <summary>Validation loss (the objective: every hidden patch, dropped leads included); null when no validation ran this epoch.</summary>
    [JsonPropertyName("val_loss")]
    public double? ValidationLoss { get; init; }

    /// <summary>Validation error on the hidden patches of leads the encoder saw in part (masked models).</summary>
    [JsonPropertyName("val_masked_loss")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ValidationMaskedLoss { get; init; }

    /// <summary>Validation error on leads hidden whole, rebuilt from the other leads alone (LAMAE's whole-lead dropout).</summary>
    [JsonPropertyName("val_dropped_loss")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ValidationDroppedLoss { get; init; }

    /// <summary>Learning rate of the epoch's last step.</summary>
    [JsonPropertyName("lr")]
    public double LearningRate { get; init; }

    /// <summary>Training throughput, ECGs per second of wall-clock time in the epoch's steps.</summary>
    [JsonPropertyName("ecg_per_s")]
    public double EcgPerSecond { get; init; }

    /// <summary>Wall-clock seconds of the epoch, validation included.</summary>
    [JsonPropertyName("seconds")]
    public double Seconds { get; init; }
}

/// <summary>
/// Appends one JSON line per epoch and flushes it to disk before returning, so a crash loses at most the line
/// being written; a torn last line (a kill mid-write) is skipped by <see cref="Read"/>.
/// </summary>
public sealed class MetricsLog(string path)
{
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    public void Append(EpochMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        JsonLines.Append(Path, metrics, Checkpoint.JsonOptions);
    }

    /// <summary>Reads every complete line; a final line without its newline (a write cut short) is ignored.</summary>
    public static IReadOnlyList<EpochMetrics> Read(string path) => JsonLines.Read<EpochMetrics>(path, Checkpoint.JsonOptions);
}

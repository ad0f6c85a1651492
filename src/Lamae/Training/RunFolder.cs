using System.Text.Json;
using Lamae.Common;
using Lamae.Models;
using Lamae.Reporting;
using static TorchSharp.torch;

namespace Lamae.Training;

/// <summary>
/// The folder of one pretraining run, which <see cref="Pretrainer"/> owns and writes: <c>config.json</c> (the typed
/// <see cref="RunConfig"/>), <c>metrics.jsonl</c> (a line an epoch), <c>checkpoint.ckpt</c> (weights, AdamW, data
/// position, generators), <c>model.safetensors</c> (the final weights under PyTorch names) and <c>curve.png</c>.
/// A model is rebuilt from the folder alone (<see cref="LoadModel"/>), as nanoGPT rebuilds one from its checkpoint.
/// </summary>
public sealed class RunFolder
{
    /// <summary>The run's <see cref="RunConfig"/>.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>One JSON line of <see cref="EpochMetrics"/> per epoch.</summary>
    public const string MetricsFileName = "metrics.jsonl";

    /// <summary>The latest training checkpoint.</summary>
    public const string CheckpointFileName = "checkpoint.ckpt";

    /// <summary>The final weights, for PyTorch and for evaluation.</summary>
    public const string WeightsFileName = "model.safetensors";

    /// <summary>The loss curves.</summary>
    public const string CurveFileName = "curve.png";

    private RunFolder(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Path of config.json.</summary>
    public string ConfigPath => Path.Combine(Directory, ConfigFileName);

    /// <summary>Path of metrics.jsonl.</summary>
    public string MetricsPath => Path.Combine(Directory, MetricsFileName);

    /// <summary>Path of checkpoint.ckpt.</summary>
    public string CheckpointPath => Path.Combine(Directory, CheckpointFileName);

    /// <summary>Path of model.safetensors.</summary>
    public string WeightsPath => Path.Combine(Directory, WeightsFileName);

    /// <summary>Path of curve.png.</summary>
    public string CurvePath => Path.Combine(Directory, CurveFileName);

    /// <summary>Whether a checkpoint is there to resume from.</summary>
    public bool HasCheckpoint => File.Exists(CheckpointPath);

    /// <summary>The files a finished run holds, in the order a user reads them.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [ConfigFileName, MetricsFileName, CurveFileName, CheckpointFileName, WeightsFileName];

    /// <summary>A folder to write a run into (it need not exist yet).</summary>
    public static RunFolder At(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new RunFolder(directory);
    }

    /// <summary>An existing run: the folder must hold config.json.</summary>
    public static RunFolder Open(string directory)
    {
        RunFolder run = At(directory);
        if (!System.IO.Directory.Exists(run.Directory))
        {
            throw new LamaeException($"{run.Directory}: no such run folder");
        }

        if (!File.Exists(run.ConfigPath))
        {
            throw new LamaeException($"{run.Directory}: not a run folder (no {ConfigFileName}); give the --out folder of 'lamae pretrain'");
        }

        return run;
    }

    /// <summary>The run's config, typed.</summary>
    public RunConfig ReadConfig()
    {
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(File.ReadAllText(ConfigPath), Checkpoint.JsonOptions) is { Model: not null, Pretrain: not null } config
                ? config
                : throw new LamaeException($"{ConfigPath}: holds no model or pretraining settings");
        }
        catch (JsonException ex)
        {
            throw new LamaeException($"{ConfigPath}: not a run config ({ex.Message})", ex);
        }
    }

    /// <summary>Every epoch's metrics so far (all sessions of a resumed run); empty before the first epoch ends.</summary>
    public IReadOnlyList<EpochMetrics> ReadMetrics() => File.Exists(MetricsPath) ? MetricsLog.Read(MetricsPath) : [];

    /// <summary>
    /// The trained model, rebuilt from config.json with the weights of model.safetensors (or, for a run stopped before
    /// its end, of checkpoint.ckpt), on the CPU and in eval mode.
    /// </summary>
    public PretrainModel LoadModel()
    {
        RunConfig config = ReadConfig();
        PretrainModel model;
        try
        {
            model = config.Model.Create();
        }
        catch (ArgumentException ex)
        {
            throw new LamaeException($"{ConfigPath}: {ex.Message}", ex);
        }

        try
        {
            if (File.Exists(WeightsPath))
            {
                SafeTensors.LoadInto(WeightsPath, model);
            }
            else if (HasCheckpoint)
            {
                Checkpoint.LoadWeights(CheckpointPath, model);
            }
            else
            {
                throw new LamaeException($"{Directory}: holds no weights ({WeightsFileName} or {CheckpointFileName})");
            }
        }
        catch
        {
            model.Dispose();
            throw;
        }

        model.eval();
        return model;
    }

    internal void Create() => System.IO.Directory.CreateDirectory(Directory);

    internal void WriteConfig(RunConfig config) =>
        AtomicFile.WriteAllText(ConfigPath, JsonSerializer.Serialize(config, Checkpoint.JsonOptions));

    internal MetricsLog Metrics => new(MetricsPath);

    internal void SaveWeights(PretrainModel model, ModelSpec spec) =>
        SafeTensors.Save(WeightsPath, model, new Dictionary<string, string>
        {
            ["model"] = spec.Name,
            ["preset"] = spec.Config.Name,
            ["lamae"] = CodeVersion.Current,
        });

    internal void SaveCurve(IReadOnlyList<EpochMetrics> history, double? meanLevel, string title, string yLabel) =>
        TrainingCurvePlot.SavePng(history, meanLevel, title, CurvePath, yLabel);
}

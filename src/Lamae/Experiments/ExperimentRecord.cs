using System.Text.Json;
using Lamae.Common;

namespace Lamae.Experiments;

/// <summary>
/// experiment.json, beside an experiment's outputs: the config it ran, and every stage with the command line that made
/// its folder, when, how long it took, on what, and how it ended. Rewritten atomically after each stage, so a kill
/// leaves the last finished stage recorded.
/// </summary>
public sealed record ExperimentRecord
{
    public required string Name { get; init; }

    /// <summary>The config as it was run (after --seed, --device and --root).</summary>
    public required JsonElement Config { get; init; }

    public IReadOnlyDictionary<string, string> Roots { get; init; } = new Dictionary<string, string>();

    /// <summary>The demo's plan (its budget, the machine's measured speed, the sizes chosen); null for `lamae experiment`.</summary>
    public JsonElement? Budget { get; init; }

    public List<StageRecord> Stages { get; init; } = [];

    /// <summary>Reads experiment.json in <paramref name="directory"/>, or null when there is none; damage is one clear line.</summary>
    public static ExperimentRecord? Read(string directory)
    {
        string path = Path.Combine(directory, ExperimentPlan.RecordFileName);
        return File.Exists(path) ? OutputFolder.ReadJson<ExperimentRecord>(path, "an experiment record", ExperimentConfig.JsonOptions) : null;
    }

    /// <summary>Writes experiment.json into <paramref name="directory"/> atomically.</summary>
    public void Write(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, ExperimentPlan.RecordFileName), JsonSerializer.Serialize(this, ExperimentConfig.JsonOptions));

    /// <summary>The record of stage <paramref name="id"/>, or null.</summary>
    public StageRecord? Find(string id) => Stages.LastOrDefault(s => s.Id == id);

    /// <summary>Replaces (or adds) the record of <paramref name="stage"/>'s id.</summary>
    public void Put(StageRecord stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        int i = Stages.FindIndex(s => s.Id == stage.Id);
        if (i >= 0)
        {
            Stages[i] = stage;
        }
        else
        {
            Stages.Add(stage);
        }
    }
}

/// <summary>One stage as it ran.</summary>
/// <param name="Id">The stage's id ("pretrain lamae").</param>
/// <param name="Arguments">The command line that made its folder (without --threads and --resume).</param>
/// <param name="Status">running, finished or failed.</param>
/// <param name="Seconds">Wall time of this stage over every session that worked on it.</param>
/// <param name="Sessions">How many sessions worked on it (more than 1: it was interrupted and resumed).</param>
/// <param name="Threads">Torch threads of its last session.</param>
/// <param name="Cpu">The processor of its last session.</param>
/// <param name="LamaeVersion">The Lamae version of its last session.</param>
/// <param name="FinishedUtc">When it finished (null until then).</param>
public sealed record StageRecord(string Id, IReadOnlyList<string> Arguments, string Status, double Seconds, int Sessions, int Threads, string Cpu, string LamaeVersion, DateTimeOffset? FinishedUtc)
{
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Failed = "failed";
}

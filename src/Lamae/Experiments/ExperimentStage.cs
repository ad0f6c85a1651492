namespace Lamae.Experiments;

/// <summary>
/// One stage of an experiment: one lamae command line, the folder it writes and the file it writes last. The stage is
/// finished when that file exists; <see cref="Arguments"/> is what made it (without --threads and --resume, which do
/// not change what a stage means), so a later run with other arguments can be refused rather than mixed in.
/// </summary>
/// <param name="Id">Unique in the plan: "pretrain lamae".</param>
/// <param name="Kind">The stage's kind (<see cref="StageKinds"/>).</param>
/// <param name="Arguments">The lamae command line: the command, then its options.</param>
/// <param name="Folder">The folder it writes (full path).</param>
/// <param name="Marker">The file written last inside <see cref="Folder"/>.</param>
/// <param name="Checkpoint">A checkpoint inside <see cref="Folder"/> that an interrupted stage resumes from with --resume; null when the command resumes by itself or starts over.</param>
/// <param name="Units">How much work it is, in the kind's unit (ECGs simulated, ECG-epochs trained, ECGs embedded or rebuilt, probe fits), for time estimates.</param>
public sealed record ExperimentStage(string Id, string Kind, IReadOnlyList<string> Arguments, string Folder, string Marker, string? Checkpoint, double Units)
{
    /// <summary>Whether the stage's last file is there.</summary>
    public bool IsFinished => File.Exists(Path.Combine(Folder, Marker));

    /// <summary>Whether an interrupted run left a checkpoint to resume from.</summary>
    public bool CanResume => Checkpoint is not null && File.Exists(Path.Combine(Folder, Checkpoint));

    /// <summary>The command line as a shell would take it.</summary>
    public string CommandLine => Format(Arguments);

    /// <summary>A lamae command line as a shell would take it: "lamae " and the arguments, quoted where needed.</summary>
    public static string Format(IEnumerable<string> arguments) => "lamae " + string.Join(' ', arguments.Select(Quote));

    private static string Quote(string a) => a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".Contains(c, StringComparison.Ordinal)) ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>The kinds of stage, in the order an experiment runs them.</summary>
public static class StageKinds
{
    public const string Cache = "cache";
    public const string Pretrain = "pretrain";
    public const string Embed = "embed";
    public const string Probe = "probe";
    public const string Reconstruct = "reconstruct";
    public const string Report = "report";
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lamae.Common;
using Lamae.Diagnostics;
using Lamae.Evaluation.Probing;
using Lamae.Experiments;

namespace Lamae.Cli.Experiments;

/// <summary>How a plan is run: threads per stage, and (for the demo) each stage's expected time and the budget.</summary>
public sealed record ExperimentRunSettings
{
    public int Threads { get; init; } = 1;

    /// <summary>A stage's expected seconds on this machine; null: no estimates (then no time left is shown).</summary>
    public Func<ExperimentStage, double>? Estimate { get; init; }

    /// <summary>The time the whole plan may take (the demo's --minutes), shown beside the time left.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>What the demo planned (recorded in experiment.json).</summary>
    public JsonElement? BudgetRecord { get; init; }

    /// <summary>The command that continues the experiment, named in every message about an interruption.</summary>
    public required string RerunCommand { get; init; }
}

/// <summary>
/// Runs a plan stage by stage, each through the real lamae command line in this process: a finished stage (its last
/// file is there) is not redone, an interrupted pretraining resumes from its checkpoint, an interrupted cache build
/// resumes by itself, and every other stage starts again. experiment.json records each stage as it goes. A stage that
/// was finished with another command line than the plan's is refused before anything runs.
/// </summary>
public sealed class ExperimentRunner(CliOutput output, ExperimentRunSettings settings)
{
    /// <summary>Runs <paramref name="plan"/>; returns the exit code (a failed stage's message was written by the stage).</summary>
    public int Run(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Directory.CreateDirectory(plan.Directory);
        ExperimentRecord record = Prepare(plan);
        int total = plan.Stages.Count, done = plan.Stages.Count(s => s.IsFinished);
        output.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lamae experiment {plan.Config.Name}: {total} stages -> {plan.Directory}{(done > 0 ? $"; {done} finished earlier and kept" : string.Empty)}"));
        var clock = Stopwatch.StartNew();
        var estimatedDone = new Dictionary<string, double>(StringComparer.Ordinal);   // per kind of stage, this session
        var actualDone = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < total; i++)
        {
            ExperimentStage stage = plan.Stages[i];
            if (stage.IsFinished)
            {
                output.Error.WriteLine($"[{i + 1}/{total}] {stage.Id}: finished earlier, kept");
                continue;
            }

            output.Error.WriteLine($"[{i + 1}/{total}] {stage.Id}{TimeLine(plan, i, clock.Elapsed, estimatedDone, actualDone)}");
            var watch = Stopwatch.StartNew();
            int code = RunStage(plan, stage, record);
            watch.Stop();
            if (settings.Estimate is { } estimate)
            {
                estimatedDone[stage.Kind] = estimatedDone.GetValueOrDefault(stage.Kind) + estimate(stage);
                actualDone[stage.Kind] = actualDone.GetValueOrDefault(stage.Kind) + watch.Elapsed.TotalSeconds;
            }

            if (code != ExitCodes.Success)
            {
                output.Error.WriteLine($"lamae experiment: stage '{stage.Id}' stopped (exit code {code}); the finished stages are kept: run '{settings.RerunCommand}' again to continue from it");
                return code;
            }
        }

        output.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lamae experiment {plan.Config.Name}: all {total} stages finished ({Clock(clock.Elapsed)} this session)"));
        WriteResults(plan);
        return ExitCodes.Success;
    }

    // Reads (or starts) experiment.json, and refuses a finished stage whose command line is not the plan's.
    private ExperimentRecord Prepare(ExperimentPlan plan)
    {
        ExperimentRecord? previous = ExperimentRecord.Read(plan.Directory);
        foreach (ExperimentStage stage in plan.Stages)
        {
            StageRecord? made = previous?.Find(stage.Id);
            if (stage.IsFinished && made is not null && !made.Arguments.SequenceEqual(stage.Arguments))
            {
                throw new UsageException($"{stage.Folder}: stage '{stage.Id}' was made by '{ExperimentStage.Format(made.Arguments)}', "
                    + $"and this experiment asks for '{stage.CommandLine}'; choose another --out, or delete {stage.Folder} to redo it");
            }
        }

        var record = new ExperimentRecord
        {
            Name = plan.Config.Name,
            Config = JsonDocument.Parse(plan.Config.ToJson()).RootElement.Clone(),
            Roots = plan.Roots,
            Budget = settings.BudgetRecord ?? previous?.Budget,
            Stages = previous?.Stages ?? [],
        };
        foreach (ExperimentStage stage in plan.Stages.Where(s => s.IsFinished && record.Find(s.Id) is not { Status: StageRecord.Finished }))
        {
            // Its last file is there but the record was not written (a kill between the two): it is finished.
            record.Put(new StageRecord(stage.Id, stage.Arguments, StageRecord.Finished, 0, 0, settings.Threads, CpuModel.Name(), CodeVersion.Current, DateTimeOffset.UtcNow));
        }

        record.Write(plan.Directory);
        return record;
    }

    private int RunStage(ExperimentPlan plan, ExperimentStage stage, ExperimentRecord record)
    {
        var args = new List<string>(stage.Arguments) { "--threads", settings.Threads.ToString(CultureInfo.InvariantCulture) };
        if (stage.CanResume)
        {
            args.Add("--resume");
        }
        else if (stage.Checkpoint is not null && Directory.Exists(stage.Folder))
        {
            // Interrupted before its first checkpoint: nothing in it is finished work, so it starts clean.
            foreach (FileSystemInfo entry in new DirectoryInfo(stage.Folder).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo d)
                {
                    d.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
        }

        StageRecord? before = record.Find(stage.Id);
        bool same = before is not null && before.Arguments.SequenceEqual(stage.Arguments);
        double carried = same ? before!.Seconds : 0;
        int sessions = (same ? before!.Sessions : 0) + 1;
        StageRecord Now(string status, double seconds, DateTimeOffset? finished) =>
            new(stage.Id, stage.Arguments, status, carried + seconds, sessions, settings.Threads, CpuModel.Name(), CodeVersion.Current, finished);
        record.Put(Now(StageRecord.Running, 0, null));
        record.Write(plan.Directory);

        var watch = Stopwatch.StartNew();
        int code = LamaeApp.Run([.. args], output.Out, output.Error);
        double seconds = watch.Elapsed.TotalSeconds;
        if (code == ExitCodes.Success && !stage.IsFinished)
        {
            output.Error.WriteLine($"lamae experiment: stage '{stage.Id}' ended without writing {Path.Combine(stage.Folder, stage.Marker)}");
            code = ExitCodes.Failure;
        }

        record.Put(Now(code == ExitCodes.Success ? StageRecord.Finished : StageRecord.Failed, seconds, code == ExitCodes.Success ? DateTimeOffset.UtcNow : null));
        record.Write(plan.Directory);
        return code;
    }

    // " · about 1:40 · 2:10 elapsed · about 7:30 left of the 15:00 budget": each stage's estimate corrected by how the
    // finished stages of its kind compared with theirs in this session (a pretraining by pretrainings, a probe by probes).
    private string TimeLine(ExperimentPlan plan, int index, TimeSpan elapsed, Dictionary<string, double> estimatedDone, Dictionary<string, double> actualDone)
    {
        if (settings.Estimate is not { } estimate)
        {
            return elapsed.TotalSeconds < 1 ? string.Empty : $" · {Clock(elapsed)} elapsed";
        }

        double Expected(ExperimentStage s) => estimate(s) * (estimatedDone.GetValueOrDefault(s.Kind) > 1 ? actualDone[s.Kind] / estimatedDone[s.Kind] : 1);
        double thisStage = Expected(plan.Stages[index]);
        double left = plan.Stages.Skip(index).Where(s => !s.IsFinished).Sum(Expected);
        string budget = settings.Budget is { } b ? $" of the {Clock(b)} budget" : string.Empty;
        return $" · about {Clock(TimeSpan.FromSeconds(thisStage))} · {Clock(elapsed)} elapsed · about {Clock(TimeSpan.FromSeconds(left))} left{budget}";
    }

    // The end: each probe's AUROC table (as `lamae probe` prints it) and where the report is.
    private void WriteResults(ExperimentPlan plan)
    {
        foreach (ExperimentStage probe in plan.Stages.Where(s => s.Kind == StageKinds.Probe))
        {
            ProbeResult result = ProbeFolder.Open(probe.Folder).Read();
            Commands.ProbeCommand.WriteTables(output, result, aurocOnly: true);
        }

        ExperimentStage? report = plan.Stages.FirstOrDefault(s => s.Kind == StageKinds.Report);
        if (report is not null)
        {
            output.Out.WriteLine($"report: {Path.Combine(report.Folder, "report.html")} (and report.md, report.json, the plots beside them)");
        }
    }

    internal static string Clock(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}:{t.Seconds:00}");
}

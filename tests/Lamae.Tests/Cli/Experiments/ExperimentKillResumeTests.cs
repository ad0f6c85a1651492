using Lamae.Cli;
using Lamae.Experiments;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli.Experiments;

/// <summary>
/// A real `kill -9` of `lamae experiment` in the middle of a pretraining stage, then the same command again: the
/// finished stages are kept untouched, the pretraining resumes from its checkpoint, and the results are the bytes of
/// an experiment never stopped.
/// </summary>
[Collection(nameof(Training.GlobalTorchRng))]
public sealed class ExperimentKillResumeTests : IDisposable
{
    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task An_experiment_killed_mid_pretraining_continues_from_its_last_finished_stage_to_the_same_results()
    {
        string config = MicroExperiment.Write(temp.Path, epochs: 3);
        string straight = Path.Combine(temp.Path, "straight"), killed = Path.Combine(temp.Path, "killed");
        CliResult whole = CliRunner.Run(["experiment", config, "--out", straight, "--threads", "1"]);
        Assert.True(whole.ExitCode == ExitCodes.Success, whole.Stderr);

        // The kill waits on file-system events, not a clock: the second checkpoint of LAMAE's pretraining written into
        // place (a rename) means the caches are finished and the pretraining is under way; the child is killed there.
        string run = Path.Combine(killed, "runs", "lamae");
        int checkpoints = 0;
        KilledRunResult child = await KilledRun.RunAsync(["experiment", config, "--out", killed, "--threads", "1"], run,
            e => e is RenamedEventArgs { Name: "checkpoint.ckpt" } && Interlocked.Increment(ref checkpoints) == 2);

        Assert.True(child.Killed, $"the experiment ended (exit code {child.ExitCode}) before its pretraining checkpointed twice: {child.Stderr}");
        Assert.False(File.Exists(Path.Combine(run, "model.safetensors")));
        Assert.Equal(StageRecord.Running, ExperimentRecord.Read(killed)!.Find("pretrain lamae")!.Status);
        DateTime cached = File.GetLastWriteTimeUtc(Path.Combine(killed, "caches", "eval", "manifest.json"));

        CliResult resumed = CliRunner.Run(["experiment", config, "--out", killed, "--threads", "1"]);

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Stderr);
        Assert.Contains("[1/9] cache pre: finished earlier, kept", resumed.StderrLines);
        Assert.Contains("[2/9] cache eval: finished earlier, kept", resumed.StderrLines);
        Assert.Equal(cached, File.GetLastWriteTimeUtc(Path.Combine(killed, "caches", "eval", "manifest.json")));
        StageRecord pretrain = ExperimentRecord.Read(killed)!.Find("pretrain lamae")!;
        Assert.Equal((StageRecord.Finished, 2), (pretrain.Status, pretrain.Sessions));
        foreach (string file in new[] { "runs/lamae/model.safetensors", "runs/mae-lead/model.safetensors", "embeddings/lamae/embeddings.npy", "probes/icd10/predictions.csv", "reconstruct/lamae/per-record.csv" })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(straight, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(killed, file))), $"{file} differs from the uninterrupted experiment's");
        }
    }
}

using Lamae.Cli;
using Lamae.FineTuning;
using Lamae.Tests.Support;

namespace Lamae.Tests.FineTuning;

/// <summary>A real `kill -9` of `lamae finetune` in the middle of its second part, then `--resume`: the same bytes as a run never stopped.</summary>
[Collection(nameof(Training.GlobalTorchRng))]
public sealed class FinetuneKillResumeTests : IDisposable
{
    // The micro LAMAE (MicroConfig) through --set, on the fine-tuning tests' small problem; 3 parts, 3 epochs, a checkpoint every 2 steps.
    private static readonly string[] Args =
    [
        "finetune", "--from-scratch", "--model", "lamae", "--set", "sample_rate=20", "--set", "samples=200", "--set", "patch_size=20", "--set", "dim=32",
        "--set", "heads=2", "--set", "lead_depth=1", "--set", "latent_rounds=1", "--set", "latents=4", "--set", "decoder_dim=32", "--set", "decoder_heads=2",
        "--set", "decoder_depth=1", "--labels", "icd10", "--min-patients", "3", "--protocol", "cv", "--cv-folds", "3", "--epochs", "3", "--patience", "3",
        "--batch", "16", "--lr", "3e-3", "--checkpoint-every", "2", "--threads", "1",
    ];

    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_fine_tune_killed_mid_part_resumes_to_the_bytes_of_an_uninterrupted_one()
    {
        string cache = FineTunerTests.SharedCache.Value;
        string straight = Path.Combine(temp.Path, "straight"), killed = Path.Combine(temp.Path, "killed");
        CliResult whole = CliRunner.Run([.. Args, "--cache", cache, "--out", straight]);
        Assert.True(whole.ExitCode == ExitCodes.Success, whole.Stderr);

        // Once part 1 is finished (part-1.json), the next checkpoint written into place (a rename) is in part 2: the kill lands there.
        KilledRunResult child = await KilledRun.RunAsync(Args.Concat(["--cache", cache, "--out", killed]), killed,
            e => e is RenamedEventArgs { Name: FinetuneFolder.CheckpointFileName } && File.Exists(Path.Combine(killed, "part-1.json")));

        Assert.True(child.Killed, $"the fine-tune ended (exit code {child.ExitCode}) before it reached part 2: {child.Stderr}");
        Assert.False(File.Exists(Path.Combine(killed, FinetuneFolder.ResultFileName)));
        Assert.False(File.Exists(Path.Combine(killed, "part-2.json")));

        CliResult resumed = CliRunner.Run([.. Args, "--cache", cache, "--out", killed, "--resume"]);

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Stderr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(straight, FinetuneFolder.PredictionsFileName)), File.ReadAllBytes(Path.Combine(killed, FinetuneFolder.PredictionsFileName)));
        for (int part = 1; part <= 3; part++)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(straight, $"best-{part}.safetensors")), File.ReadAllBytes(Path.Combine(killed, $"best-{part}.safetensors")));
        }
    }
}

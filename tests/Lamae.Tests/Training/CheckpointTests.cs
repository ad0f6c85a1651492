using System.Text.Json;
using Lamae.Common;
using Lamae.Training;
using TorchSharp;
using TorchSharp.Modules;
using static Lamae.Tests.Training.TrainingTestHelpers;

namespace Lamae.Tests.Training;

/// <summary>Runs alone: one test reads torch's global generator, which parallel tests would advance.</summary>
[CollectionDefinition(nameof(GlobalTorchRng), DisableParallelization = true)]
public sealed class GlobalTorchRng;

[Collection(nameof(GlobalTorchRng))]
public class CheckpointTests
{
    private const int Steps = 40;

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record StandInConfig(string Model, int Epochs, double BaseLr);

    [Fact]
    public void Straight_run_equals_half_run_saved_loaded_into_fresh_objects_and_finished_bitwise()
    {
        string folder = TempFolder();
        using var straight = new StandInRun(modelSeed: 11, totalSteps: Steps);
        var straightLosses = Enumerable.Range(0, Steps).Select(_ => straight.Step().Loss).ToList();

        string path;
        using (var first = new StandInRun(modelSeed: 11, checkpointFolder: folder, totalSteps: Steps))
        {
            for (int i = 0; i < Steps / 2; i++)
            {
                first.Step();
            }

            path = first.Loop.SaveCheckpoint(new CheckpointState { Epoch = 0, BatchInEpoch = Steps / 2, Seed = StandInRun.Seed });
        }

        // Fresh objects: different initial weights, fresh optimiser moments, generators at their seeds.
        using var resumed = new StandInRun(modelSeed: 99, checkpointFolder: folder, totalSteps: Steps);
        var state = resumed.Loop.Resume(path);
        Assert.Equal(Steps / 2, state.Step);
        Assert.Equal(Steps / 2, resumed.Loop.Step);
        var resumedLosses = Enumerable.Range(0, Steps / 2).Select(_ => resumed.Step().Loss).ToList();

        Assert.Equal(straightLosses.Skip(Steps / 2), resumedLosses);
        var expected = straight.Model.state_dict();
        foreach (var (name, tensor) in resumed.Model.state_dict())
        {
            Assert.True(BitwiseEqual(expected[name], tensor), $"{name} differs after resume");
        }

        AssertSameAdamState(straight.Optimizer, resumed.Optimizer);
        Assert.True(straightLosses[^1] < straightLosses[0], "the stand-in should learn something");
    }

    [Fact]
    public void Adam_moments_steps_and_group_settings_survive_save_and_load()
    {
        string path = Path.Combine(TempFolder(), "c.ckpt");
        using var run = new StandInRun(modelSeed: 12);
        for (int i = 0; i < 3; i++)
        {
            run.Step();
        }

        Checkpoint.Save(path, run.Model, run.Optimizer, new CheckpointState { Step = 3 });
        using var fresh = new StandInRun(modelSeed: 13);
        Checkpoint.Load(path, fresh.Model, fresh.Optimizer);

        AssertSameAdamState(run.Optimizer, fresh.Optimizer);
        var groups = run.Optimizer.ParamGroups.Cast<AdamW.ParamGroup>().ToList();
        var freshGroups = fresh.Optimizer.ParamGroups.Cast<AdamW.ParamGroup>().ToList();
        Assert.Equal(groups.Select(g => g.Options.weight_decay), freshGroups.Select(g => g.Options.weight_decay));
        Assert.Equal(groups.Select(g => g.LearningRate), freshGroups.Select(g => g.LearningRate));
    }

    [Fact]
    public void State_config_and_global_generator_are_restored()
    {
        string path = Path.Combine(TempFolder(), "c.ckpt");
        using var run = new StandInRun(modelSeed: 14);
        var config = new StandInConfig("stand-in", 5, 1.5e-4);
        var state = new CheckpointState { Step = 17, Epoch = 2, BatchInEpoch = 3, Seed = 42, Config = CheckpointState.ConfigOf(config) };

        torch.manual_seed(5);
        Checkpoint.Save(path, run.Model, run.Optimizer, state);
        float[] drawn = torch.rand(8).data<float>().ToArray();
        _ = torch.rand(100); // move the global generator on

        var loaded = Checkpoint.Load(path, run.Model, run.Optimizer);
        float[] again = torch.rand(8).data<float>().ToArray();

        Assert.Equal(drawn, again);
        Assert.Equal((17L, 2, 3L, 42L), (loaded.Step, loaded.Epoch, loaded.BatchInEpoch, loaded.Seed));
        Assert.Equal(config, loaded.Config!.Value.Deserialize<StandInConfig>(SnakeCase));
        Assert.Equal(17L, Checkpoint.ReadState(path).Step);
        Assert.Contains(Checkpoint.GlobalGeneratorName, loaded.RngStates.Keys);
    }

    [Fact]
    public void Damaged_or_mismatched_checkpoints_are_refused_and_a_failed_save_keeps_the_old_file()
    {
        string folder = TempFolder();
        string path = Path.Combine(folder, "c.ckpt");
        using var run = new StandInRun(modelSeed: 15);
        Checkpoint.Save(path, run.Model, run.Optimizer, new CheckpointState { Step = 1 });
        byte[] good = File.ReadAllBytes(path);

        string truncated = Path.Combine(folder, "truncated.ckpt");
        File.WriteAllBytes(truncated, good[..^100]);
        var ex = Assert.ThrowsAny<Exception>(() => Checkpoint.Load(truncated, run.Model, run.Optimizer));
        Assert.IsAssignableFrom<LamaeException>(ex);
        string cutInside = Path.Combine(folder, "cut-inside.ckpt");
        File.WriteAllBytes(cutInside, good[..(good.Length / 2)]);  // ends inside the weights, not just before the end marker
        Assert.Contains("checkpoint is truncated", Assert.Throws<LamaeException>(() => Checkpoint.Load(cutInside, run.Model, run.Optimizer)).Message, StringComparison.Ordinal);

        string notCheckpoint = Path.Combine(folder, "other.ckpt");
        File.WriteAllText(notCheckpoint, "hello");
        Assert.Contains("not a Lamae checkpoint", Assert.Throws<LamaeException>(() => Checkpoint.ReadState(notCheckpoint)).Message, StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[10]);
            throw new InvalidOperationException("disk full");
        }));
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder, "*", SearchOption.TopDirectoryOnly), f => f.EndsWith(".tmp", StringComparison.Ordinal) is false && f.EndsWith("c.ckpt", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    private static void AssertSameAdamState(AdamW expected, AdamW actual)
    {
        var a = expected.state_dict().State.Cast<AdamW.State>().ToList();
        var b = actual.state_dict().State.Cast<AdamW.State>().ToList();
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].step, b[i].step);
            Assert.True(a[i].step > 0);
            Assert.True(BitwiseEqual(a[i].exp_avg, b[i].exp_avg), $"exp_avg {i}");
            Assert.True(BitwiseEqual(a[i].exp_avg_sq, b[i].exp_avg_sq), $"exp_avg_sq {i}");
        }
    }
}

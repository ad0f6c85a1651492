using Lamae.Training;
using TorchSharp;

namespace Lamae.Tests.Training;

public class TrainingLoopTests
{
    [Fact]
    public void Steps_follow_the_schedule_clip_and_learn()
    {
        using var run = new StandInRun(modelSeed: 22, totalSteps: 60);
        var results = Enumerable.Range(0, 60).Select(_ => run.Step()).ToList();

        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)i), results.Select(r => r.Step));
        Assert.All(results, r => Assert.Equal(run.Schedule.At(r.Step), r.LearningRate));
        Assert.All(run.Optimizer.ParamGroups, g => Assert.Equal(run.Schedule.At(59), g.LearningRate));
        Assert.True(results.TakeLast(5).Average(r => r.Loss) < results.Take(5).Average(r => r.Loss) / 2, "loss should fall");
        Assert.Equal(60, run.Loop.Step);
    }

    [Fact]
    public void A_nan_loss_stops_before_the_weights_change_naming_the_step_and_checkpoint()
    {
        string folder = TrainingTestHelpers.TempFolder();
        using var run = new StandInRun(modelSeed: 23, checkpointFolder: folder);
        run.Step();
        run.Step();
        string path = run.Loop.SaveCheckpoint(new CheckpointState());
        var before = TrainingTestHelpers.Snapshot(run.Model);

        var ex = Assert.Throws<NonFiniteLossException>(() => run.Loop.RunStep(() => torch.tensor(float.NaN)));

        Assert.Equal(2, ex.Step);
        Assert.Equal(path, ex.LastGoodCheckpoint);
        Assert.Contains("step 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        foreach (var (name, tensor) in run.Model.state_dict())
        {
            Assert.True(TrainingTestHelpers.BitwiseEqual(before[name], tensor), name);
        }
    }

    [Fact]
    public void Checkpoints_are_written_every_n_steps()
    {
        string folder = TrainingTestHelpers.TempFolder();
        using var run = new StandInRun(modelSeed: 24);
        var loop = new TrainingLoop(run.Model, run.Optimizer, run.Schedule,
            new TrainingLoopSettings { CheckpointEvery = 3, CheckpointFolder = folder });
        var written = new List<long>();
        for (int i = 0; i < 7; i++)
        {
            loop.RunStep(() => torch.nn.functional.mse_loss(run.Model.forward(torch.ones(2, StandInModel.Width), torch.zeros(2, dtype: torch.ScalarType.Int64)), torch.zeros(2, StandInModel.Outputs)));
            if (loop.MaybeCheckpoint(new CheckpointState { BatchInEpoch = i + 1 }) is not null)
            {
                written.Add(Checkpoint.ReadState(loop.LastCheckpoint!).Step);
            }
        }

        Assert.Equal([3L, 6L], written);
    }
}

using Lamae.Models;
using Lamae.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

/// <summary>
/// Every pretrainable model trains through the engine's step loop without leaking tensors, and the same count around
/// the same loop sees a step that does leak (the positive control), so a flat count means something.
/// </summary>
public class ModelTrainingLeakTests
{
    private const int LeakingSteps = 3;

    /// <summary>Every model that pretrains (the untrained floor is LAMAE itself and never steps).</summary>
    public static TheoryData<string> Pretrainable => new(ModelRegistry.PretrainableNames);

    [Theory]
    [MemberData(nameof(Pretrainable))]
    public void Live_tensor_count_stays_flat_over_200_steps_after_warm_up_and_grows_with_a_leaking_step(string name)
    {
        using PretrainModel model = ModelRegistry.Create(name, MicroConfig.Value);
        var optimizer = ParameterGroups.Split(model).CreateAdamW(1e-3);
        var loop = new TrainingLoop(model, optimizer, new LearningRateSchedule { BaseLearningRate = 1e-3, WarmupSteps = 5, TotalSteps = 300 });
        using var data = new Generator(3);
        using var masks = new Generator(4);
        Tensor LossOfNewBatch()
        {
            Tensor x = randn([4, 12, MicroConfig.Value.Samples], generator: data);
            Tensor present = rand([4, 12], generator: data) > 0.3;
            present[.., 0] = true;   // at least one lead
            return model.pretrain_loss(x.mul(present.unsqueeze(-1)), LamaeModel.CanonicalLeadIds(4), present, masks);
        }

        for (int i = 0; i < 10; i++)
        {
            loop.RunStep(LossOfNewBatch);
        }

        var stats = DisposeScopeManager.Statistics.TensorStatistics;
        long before = stats.ThreadTotalLiveCount;
        for (int i = 0; i < 200; i++)
        {
            loop.RunStep(LossOfNewBatch);
        }

        long after = stats.ThreadTotalLiveCount;
        Assert.True(after - before <= 0, $"{name}: live tensors grew by {after - before} over 200 steps");

        // Positive control: steps whose loss function keeps one tensor out of the step's dispose scope, as a leak would.
        var leaked = new List<Tensor>();
        for (int i = 0; i < LeakingSteps; i++)
        {
            loop.RunStep(() =>
            {
                leaked.Add(zeros(1).DetachFromDisposeScope());
                return LossOfNewBatch();
            });
        }

        Assert.Equal(after + LeakingSteps, stats.ThreadTotalLiveCount);
        leaked.ForEach(t => t.Dispose());
        Assert.Equal(after, stats.ThreadTotalLiveCount);
    }
}

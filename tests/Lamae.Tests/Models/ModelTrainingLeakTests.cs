using Lamae.Models;
using Lamae.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

/// <summary>Every model trains through the engine's step loop without leaking tensors.</summary>
public class ModelTrainingLeakTests
{
    [Theory]
    [InlineData("lamae")]
    [InlineData("mae-lead")]
    [InlineData("mae-joint")]
    [InlineData("contrastive")]
    public void Live_tensor_count_stays_flat_over_200_steps_after_warm_up(string name)
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

        Assert.True(stats.ThreadTotalLiveCount - before <= 0, $"{name}: live tensors grew by {stats.ThreadTotalLiveCount - before} over 200 steps");
    }
}

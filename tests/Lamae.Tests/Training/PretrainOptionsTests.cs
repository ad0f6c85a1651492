using Lamae.Models;
using Lamae.Training;

namespace Lamae.Tests.Training;

public class PretrainOptionsTests
{
    private static double Peak(PretrainOptions o) => new LearningRateSchedule { BaseLearningRate = o.BaseLearningRate, BatchSize = o.BatchSize }.PeakLearningRate;

    [Theory]
    [InlineData("lamae", 4)]
    [InlineData("mae-lead", 4)]
    [InlineData("mae-joint", 4)]
    [InlineData("contrastive", 64)]
    public void Tiny_defaults_run_every_model_at_the_same_peak_rate(string model, int batch)
    {
        PretrainOptions o = Presets.Tiny.TrainingFor(model);

        Assert.Equal(batch, o.BatchSize);
        Assert.Equal(1.5e-3, Peak(o), 12);
    }

    [Fact]
    public void Base_and_custom_configs_keep_MAE_defaults()
    {
        foreach (ModelConfig c in new[] { ModelConfig.Base, ModelConfig.Tiny with { Name = "custom" } })
        {
            PretrainOptions o = Presets.TrainingFor(c, "lamae");
            Assert.Equal(256, o.BatchSize);
            Assert.Equal(1.5e-4, o.BaseLearningRate);
        }
    }
}

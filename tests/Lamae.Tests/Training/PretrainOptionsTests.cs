using Lamae.Models;
using Lamae.Training;

namespace Lamae.Tests.Training;

public class PretrainOptionsTests
{
    private static double Peak(PretrainOptions o) => new LearningRateSchedule { BaseLearningRate = o.BaseLearningRate, BatchSize = o.BatchSize }.PeakLearningRate;

    [Theory]
    [InlineData("lamae", 4, 1.5e-3)]
    [InlineData("mae-lead", 4, 3e-3)]  // its best of three rates (docs/pretraining.md)
    [InlineData("mae-joint", 4, 1.5e-3)]
    [InlineData("contrastive", 64, 1.5e-3)]
    public void Tiny_defaults_give_each_model_its_batch_and_peak_rate(string model, int batch, double peak)
    {
        PretrainOptions o = Presets.Tiny.TrainingFor(model);

        Assert.Equal(batch, o.BatchSize);
        Assert.Equal(peak, Peak(o), 12);
    }

    [Theory]
    [InlineData("lamae", 3)]
    [InlineData("random", 3)]
    [InlineData("mae-lead", 1)]
    [InlineData("mae-joint", 1)]
    public void Tiny_gives_lamae_a_three_block_decoder_and_the_mae_baselines_one(string model, int depth)
    {
        ModelConfig c = Presets.Tiny.ModelFor(model);
        Assert.Equal(depth, c.DecoderDepth);
        Assert.Equal(ModelConfig.Tiny with { DecoderDepth = depth }, c);
        Assert.Equal(ModelConfig.Base, Presets.Base.ModelFor(model));
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

    [Fact]
    public void The_micro_batch_defaults_to_16_on_the_cpu_and_to_the_whole_batch_on_cuda()
    {
        var options = new PretrainOptions { BatchSize = 256 };
        Assert.Equal(PretrainOptions.DefaultMicroBatch, options.MicroBatchOn(TorchSharp.torch.CPU));
        Assert.Equal(256, options.MicroBatchOn(new TorchSharp.torch.Device("cuda")));
        Assert.Equal(8, (options with { MicroBatch = 8 }).MicroBatchOn(new TorchSharp.torch.Device("cuda")));
        Assert.Contains("micro-batch 0", Assert.Throws<ArgumentException>(() => (options with { MicroBatch = 0 }).Validate()).Message);
    }
}

using Lamae.Models;
using Lamae.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

/// <summary>
/// PretrainModel.pretrain_backward in micro-batches gives the whole batch's loss and gradient: it is checked against the
/// plain path (pretrain_loss, then one backward over the whole batch), which shares none of the accumulation code.
/// </summary>
public class MicroBatchTests
{
    private static readonly ModelConfig Micro = MicroConfig.Value;

    [Fact]
    public void Ranges_cover_the_batch_in_order_with_at_most_the_size_each()
    {
        Assert.Equal([(0L, 3L), (3L, 3L), (6L, 1L)], MicroBatches.Of(7, 3));
        Assert.Equal([(0L, 5L)], MicroBatches.Of(5, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => MicroBatches.Of(5, 0).ToList());
    }

    [Theory]
    [InlineData("lamae", 2)]
    [InlineData("lamae", 3)]
    [InlineData("mae-lead", 2)]
    [InlineData("mae-joint", 4)]
    [InlineData("contrastive", 2)]
    [InlineData("contrastive", 5)]
    [InlineData("lamae", 64)]
    [InlineData("contrastive", 64)]
    public void Micro_batches_give_the_whole_batchs_loss_and_gradient(string name, int microBatch)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using PretrainModel model = ModelRegistry.Create(name, Micro);
        using var data = new Generator(11);
        (Tensor x, Tensor ids, Tensor present) = PartialLeadBatch.Draw(data, 7, Micro.Samples, keep: 0.7, alwaysLead: 1, singleLead: (2, 4));

        using var drawsA = new Generator(5);
        Tensor whole = model.pretrain_loss(x, ids, present, drawsA);
        whole.backward();
        Dictionary<string, Tensor> expected = Gradients(model);
        model.zero_grad();

        using var drawsB = new Generator(5);
        Tensor loss = model.pretrain_backward(x, ids, present, drawsB, microBatch);
        Assert.False(loss.requires_grad);
        Assert.Equal(whole.item<float>(), loss.item<float>(), 5e-6f);
        foreach ((string parameter, Tensor grad) in Gradients(model))
        {
            double scale = expected[parameter].abs().max().item<float>();
            double diff = (grad - expected[parameter]).abs().max().item<float>();
            Assert.True(diff <= 1e-5 + 1e-4 * scale, $"{name}, micro-batch {microBatch}: {parameter} differs by {diff:G3} (largest {scale:G3})");
        }

        Assert.NotEmpty(expected);
    }

    [Theory]
    [InlineData("lamae")]
    [InlineData("mae-joint")]
    [InlineData("contrastive")]
    public void Validation_in_micro_batches_gives_the_whole_batchs_outputs(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using PretrainModel model = ModelRegistry.Create(name, Micro);
        model.eval();
        using var noGrad = no_grad();
        using var data = new Generator(12);
        (Tensor x, Tensor ids, Tensor present) = PartialLeadBatch.Draw(data, 7, Micro.Samples, keep: 0.7, alwaysLead: 0);

        using var drawsA = new Generator(6);
        PretrainOutput whole = model.pretrain_forward(x, ids, present, drawsA);
        using var drawsB = new Generator(6);
        PretrainOutput parts = model.pretrain_forward(x, ids, present, drawsB, 3);
        Assert.Equal(whole.Loss.item<float>(), parts.Loss.item<float>(), 5e-6f);
        if (whole.PatchErrors is not null)
        {
            Assert.True((whole.PatchErrors - parts.PatchErrors!).abs().max().item<float>() < 1e-5f);
            Assert.True(whole.Mask!.LossMask.eq(parts.Mask!.LossMask).all().item<bool>());
        }
    }

    [Fact]
    public void A_model_that_cannot_cut_its_batch_says_so()
    {
        using var scope = NewDisposeScope();
        using var model = new PatchAutoencoder(0);
        Tensor x = randn(4, 12, ModelConfig.Tiny.Samples), ids = LamaeModel.CanonicalLeadIds(4), present = ones(4, 12, dtype: ScalarType.Bool);
        var ex = Assert.Throws<NotSupportedException>(() => model.pretrain_backward(x, ids, present, null, 2));
        Assert.Contains("micro-batches of 2", ex.Message);
        Assert.True(float.IsFinite(model.pretrain_backward(x, ids, present, null, 4).item<float>()));
        Assert.Throws<NotSupportedException>(() => model.pretrain_forward(x, ids, present, null, 3));
    }

    private static Dictionary<string, Tensor> Gradients(nn.Module model) =>
        model.named_parameters().Where(p => p.parameter.grad is not null).ToDictionary(p => p.name, p => p.parameter.grad!.clone());
}

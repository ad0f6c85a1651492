using Lamae.FineTuning;
using Lamae.Models;
using Lamae.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.FineTuning;

/// <summary>
/// Which of a fine-tuned network's parameters take part in its forward pass. The optimiser (FlatAdamW) gives every
/// parameter it holds a gradient buffer, so it holds only parameters that get a gradient: those that take no part must be
/// left out of its groups, or weight decay would still move them.
/// </summary>
public class FinetuneNetworkGradientTests
{
    [Theory]
    [InlineData("lamae")]
    [InlineData("mae-lead")]
    [InlineData("mae-joint")]
    [InlineData("contrastive")]
    public void Every_encoder_and_head_parameter_gets_a_gradient(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        using var network = new FinetuneNetwork(ModelRegistry.Create(name, MicroConfig.Value), codes: 3);
        using var data = new Generator(14);
        (Tensor x, Tensor ids, Tensor present) = PartialLeadBatch.Draw(data, 3, MicroConfig.Value.Samples, keep: 0.6, alwaysLead: 1);

        network.forward(x, ids, present).square().sum().backward();

        var optimised = network.EncoderParameters.Concat(network.HeadParameters).Where(p => p.Parameter.requires_grad);
        Assert.Empty(optimised.Where(p => p.Parameter.grad is null).Select(p => p.Name));
    }
}

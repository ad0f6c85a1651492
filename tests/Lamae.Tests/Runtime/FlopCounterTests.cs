using Lamae.Models;
using Lamae.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Runtime;

[Collection(nameof(Training.GlobalTorchRng))]
public sealed class FlopCounterTests
{
    [Fact]
    public void A_linear_layer_counts_two_flops_per_multiply_add_at_the_shape_it_ran()
    {
        using var scope = NewDisposeScope();
        var layer = nn.Linear(8, 16);
        Tensor x = randn(3, 5, 8);
        using (FlopCounter.Count())
        {
            MixedPrecision.Linear(layer, x);
            Assert.Equal(2L * 15 * 8 * 16, FlopCounter.Flops);
        }

        MixedPrecision.Linear(layer, x);  // the scope is closed: not counted
        Assert.Equal(2L * 15 * 8 * 16, FlopCounter.Flops);
    }

    [Fact]
    public void Attention_counts_both_products_per_head_and_sequence()
    {
        using var scope = NewDisposeScope();
        Tensor q = randn(2, 3, 7, 4), k = randn(2, 3, 5, 4), v = randn(2, 3, 5, 4);  // [B, H, S, dh]
        using (FlopCounter.Count())
        {
            Attention.ScaledDotProduct(q, k, v, null, needWeights: false);
            Assert.Equal(2L * 2 * 3 * 7 * 5 * 4 * 2, FlopCounter.Flops);  // QK^T and weights x V: 2 x B H Sq Sk dh, 2 FLOPs each
        }
    }

    [Fact]
    public void A_new_count_starts_from_zero()
    {
        using var scope = NewDisposeScope();
        var layer = nn.Linear(4, 4);
        using (FlopCounter.Count())
        {
            MixedPrecision.Linear(layer, randn(10, 4));
        }

        using (FlopCounter.Count())
        {
            Assert.Equal(0, FlopCounter.Flops);
        }
    }

    [Fact]
    public void Training_flops_count_the_backward_only_of_products_that_record_a_graph()
    {
        using var scope = NewDisposeScope();
        var layer = nn.Linear(8, 16);
        using (FlopCounter.Count())
        {
            MixedPrecision.Linear(layer, randn(15, 8));
            using (no_grad())
            {
                MixedPrecision.Linear(layer, randn(5, 8));
            }

            long withGraph = 2L * 15 * 8 * 16, without = 2L * 5 * 8 * 16;
            Assert.Equal(withGraph + without, FlopCounter.Flops);
            Assert.Equal(3 * withGraph + without, FlopCounter.TrainingFlops);
        }
    }
}

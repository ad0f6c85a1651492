namespace Lamae.Runtime;

/// <summary>
/// Counts the multiply-add FLOPs of the models' matrix products while a <see cref="Count"/> scope is open: every Linear
/// (2 x rows x in x out) and both attention products (2 x 2 x Sq x Sk x dh per head and sequence), at the shapes that
/// actually ran (so skipped leads and masks count as they are). Norms, softmax, GELU and the optimiser are not counted,
/// as in PERFORMANCE.md's analytic counts. A product that records a graph costs about 3 x its forward count in training
/// (backward = 2 x forward); one under no_grad (the contrastive model's gradient-caching pass) costs its forward count
/// only: <see cref="TrainingFlops"/> adds them so. Off, it costs one branch per product.
/// </summary>
public static class FlopCounter
{
    private static bool enabled;
    private static long flops;
    private static long flopsWithGraph;

    /// <summary>Forward FLOPs counted since the open scope began.</summary>
    public static long Flops => flops;

    /// <summary>The forward FLOPs plus twice those of products that recorded a graph (their backward).</summary>
    public static long TrainingFlops => flops + 2 * flopsWithGraph;

    /// <summary>Starts counting from zero until the returned scope is disposed.</summary>
    public static IDisposable Count()
    {
        flops = 0;
        flopsWithGraph = 0;
        enabled = true;
        return new Scope();
    }

    /// <summary>Adds a [rows, inner] x [inner, cols] product.</summary>
    internal static void AddProduct(long rows, long inner, long cols)
    {
        if (enabled)
        {
            long added = 2 * rows * inner * cols;
            flops += added;
            if (TorchSharp.torch.is_grad_enabled())
            {
                flopsWithGraph += added;
            }
        }
    }

    /// <summary>Adds x [..., in] through a Linear with weight [out, in]; reads no shape unless counting.</summary>
    internal static void AddLinear(TorchSharp.torch.Tensor x, TorchSharp.torch.Tensor weight)
    {
        if (enabled)
        {
            long inFeatures = weight.shape[1];
            AddProduct(x.numel() / inFeatures, inFeatures, weight.shape[0]);
        }
    }

    /// <summary>Adds both attention products (QK^T and weights x V) for q [..., Sq, dh] and k [..., Sk, dh]; reads no shape unless counting.</summary>
    internal static void AddAttention(TorchSharp.torch.Tensor q, TorchSharp.torch.Tensor k)
    {
        if (enabled)
        {
            long sq = q.shape[^2], dh = q.shape[^1];
            AddProduct(2 * (q.numel() / (sq * dh)) * sq, dh, k.shape[^2]);
        }
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => enabled = false;
    }
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Runtime;

/// <summary>
/// Mixed precision as autocast does it, for the layers that carry the FLOPs: inside <see cref="Use"/>(BFloat16) every
/// Linear of the models multiplies in bf16 (input and weights cast, the weights from their fp32 masters, so gradients
/// and AdamW stay in fp32) and returns fp32 (bf16 where attention's products follow, which then run in bf16 too:
/// Models/Attention.ScaledDotProduct); norms, softmax, residuals and the loss stay fp32. TorchSharp has no
/// autocast (../shared/docs/TORCHSHARP.md), so the models call <see cref="Linear"/> instead of Linear.forward.
/// Outside a scope, and for fp32, it is Linear.forward exactly.
/// </summary>
public static class MixedPrecision
{
    private static ScalarType compute = ScalarType.Float32;

    /// <summary>The dtype the Linear layers multiply in now.</summary>
    public static ScalarType Compute => compute;

    /// <summary>Runs the models' Linear layers in <paramref name="type"/> until the returned scope is disposed (then the previous type again).</summary>
    public static IDisposable Use(ScalarType type)
    {
        if (type is not (ScalarType.Float32 or ScalarType.BFloat16))
        {
            throw new ArgumentException($"mixed precision computes in Float32 or BFloat16, not {type}", nameof(type));
        }

        ScalarType previous = compute;
        compute = type;
        return new Scope(previous);
    }

    /// <summary>
    /// x [..., in] -> [..., out] through <paramref name="layer"/>: in fp32 as Linear.forward, or multiplied in bf16 and
    /// returned in fp32 (in bf16 with <paramref name="keepCompute"/>, for a following activation and Linear that stay in bf16).
    /// </summary>
    public static Tensor Linear(Linear layer, Tensor x, bool keepCompute = false)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(x);
        FlopCounter.AddLinear(x, layer.weight!);
        if (compute == ScalarType.Float32)
        {
            return layer.forward(x);
        }

        Tensor y = nn.functional.linear(x.to(compute), layer.weight!.to(compute), layer.bias?.to(compute));
        return keepCompute ? y : y.to(ScalarType.Float32);
    }

    private sealed class Scope(ScalarType previous) : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (!disposed)
            {
                compute = previous;
                disposed = true;
            }
        }
    }
}

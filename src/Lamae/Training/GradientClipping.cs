using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Training;

/// <summary>Gradient clipping by the global L2 norm (DESIGN.md section 6: norm 1).</summary>
public static class GradientClipping
{
    /// <summary>DESIGN.md section 6; also MAE fine-tuning's and nanoGPT's choice.</summary>
    public const double DefaultMaxNorm = 1.0;

    /// <summary>
    /// Scales all gradients together so that their joint L2 norm is at most <paramref name="maxNorm"/>
    /// (libtorch's <c>clip_grad_norm_</c>, in place) and returns the norm before clipping, which may be
    /// NaN or infinite: check it with <see cref="NonFiniteLossException.ThrowIfNotFinite"/>.
    /// </summary>
    public static double ClipByNorm(IReadOnlyList<Parameter> parameters, double maxNorm = DefaultMaxNorm)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        return nn.utils.clip_grad_norm_(parameters, maxNorm);
    }
}

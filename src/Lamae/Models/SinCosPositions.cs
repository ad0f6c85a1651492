using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Fixed 1-D sin-cos position embeddings over the patch index (MAE's get_1d_sincos_pos_embed_from_grid).</summary>
public static class SinCosPositions
{
    /// <summary>The transformer's wavelength base (Vaswani et al. 2017), also MAE's.</summary>
    public const double DefaultMaxPeriod = 10000.0;

    /// <summary>[N, D]: column d &lt; D/2 is sin(n * omega_d), column D/2 + d is cos(n * omega_d), omega_d = 1 / maxPeriod^(d / (D/2)).</summary>
    public static Tensor Create(int positions, int dim, double maxPeriod = DefaultMaxPeriod) =>
        Create(Enumerable.Range(0, positions).Select(n => (double)n).ToArray(), dim, maxPeriod);

    /// <summary>[len(positions), D] at arbitrary (also fractional) positions, measured in patches.</summary>
    public static Tensor Create(IReadOnlyList<double> positions, int dim, double maxPeriod = DefaultMaxPeriod)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (dim % 2 != 0)
        {
            throw new ArgumentException($"sin-cos embedding needs an even width, got {dim}", nameof(dim));
        }

        int half = dim / 2;
        var values = new float[positions.Count * dim];
        for (int n = 0; n < positions.Count; n++)
        {
            for (int d = 0; d < half; d++)
            {
                double omega = 1.0 / Math.Pow(maxPeriod, d / (double)half);
                values[(n * dim) + d] = (float)Math.Sin(positions[n] * omega);
                values[(n * dim) + half + d] = (float)Math.Cos(positions[n] * omega);
            }
        }

        return tensor(values, [positions.Count, dim]);  // [N, D]
    }
}

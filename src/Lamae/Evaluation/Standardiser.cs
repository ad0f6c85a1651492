using static TorchSharp.torch;

namespace Lamae.Evaluation;

/// <summary>Per-feature centring and scaling fitted on training rows only, as scikit-learn's <c>StandardScaler</c>.</summary>
/// <param name="Mean">Per-feature mean of the training rows.</param>
/// <param name="Scale">Per-feature population standard deviation (ddof 0) of the training rows; 1 for a constant feature.</param>
public sealed record Standardiser(IReadOnlyList<double> Mean, IReadOnlyList<double> Scale)
{
    // NumPy's finfo(float64).eps (2^-52), the unit of scikit-learn's constant-feature bound (double.Epsilon is the
    // smallest subnormal, not this).
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Number of features D.</summary>
    public int Features => Mean.Count;

    /// <summary>Fits on training rows x [N, D] (any floating type; computed in float64).</summary>
    public static Standardiser Fit(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[0] == 0)
        {
            throw new ArgumentException($"the training rows must be [N, D] with N >= 1, got [{string.Join(", ", x.shape)}]", nameof(x));
        }

        using var scope = NewDisposeScope();
        Tensor rows = x.to(float64);                               // [N, D]
        double n = rows.shape[0];
        Tensor mean = rows.mean([0]);                              // [D]
        Tensor centred = rows - mean;
        Tensor variance = centred.mul(centred).mean([0]);        // [D], two passes as NumPy's var
        // A feature is constant when its variance is within the rounding error of the two-pass variance
        // (scikit-learn's _is_constant_feature: n eps var + (n mean eps)^2); it keeps scale 1 rather than
        // dividing rounding noise by ~0.
        Tensor scaledMean = mean * (n * MachineEpsilon);
        Tensor bound = variance * (n * MachineEpsilon) + scaledMean.mul(scaledMean);
        Tensor scale = where(variance <= bound, ones_like(variance), variance.sqrt());
        return new Standardiser(mean.data<double>().ToArray(), scale.data<double>().ToArray());
    }

    /// <summary>Rows x [N, D] -> (x - mean) / scale [N, D] in float64.</summary>
    public Tensor Transform(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() != 2 || x.shape[1] != Features)
        {
            throw new ArgumentException($"rows must be [N, {Features}] like the training rows, got [{string.Join(", ", x.shape)}]", nameof(x));
        }

        using var scope = NewDisposeScope();
        Tensor mean = tensor(Mean.ToArray(), float64, x.device);    // [D]
        Tensor scale = tensor(Scale.ToArray(), float64, x.device);  // [D]
        return ((x.to(float64) - mean) / scale).MoveToOuterDisposeScope();
    }
}

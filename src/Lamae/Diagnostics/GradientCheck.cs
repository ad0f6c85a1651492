using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Diagnostics;

/// <summary>Result of comparing autograd's gradients with central finite differences.</summary>
/// <param name="Compared">Number of scalar gradient entries compared.</param>
/// <param name="MaxAbsError">Largest |autograd - finite difference| over them.</param>
/// <param name="Tolerance">The bound each entry must meet: <see cref="GradientCheck.Tolerance"/> x max(1, |g|).</param>
/// <param name="Passed">Whether every entry met its bound.</param>
public sealed record GradientCheckResult(int Compared, double MaxAbsError, double Tolerance, bool Passed);

/// <summary>
/// Checks TorchSharp's autograd numerically on a small fp64 Linear -> GELU -> LayerNorm chain, loss
/// sum(y * w) for a fixed random w (a loss like mean(LN(y)^2) would have ~zero gradient by construction).
/// </summary>
public static class GradientCheck
{
    /// <summary>Finite-difference step: central differences in fp64 are accurate to ~eps^2 + 1e-16/eps.</summary>
    public const double Step = 1e-6;

    /// <summary>Accepted error per entry, relative to max(1, |g|); measured errors are ~1e-9 (TORCHSHARP.md).</summary>
    public const double Tolerance = 1e-6;

    private const int Batch = 4;
    private const int InFeatures = 8;
    private const int OutFeatures = 16;

    /// <summary>Runs the check with weights, inputs and loss weights drawn from <paramref name="seed"/>.</summary>
    public static GradientCheckResult Run(int seed = 0)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator((ulong)seed);
        using var linear = nn.Linear(InFeatures, OutFeatures, dtype: float64);
        using var gelu = nn.GELU();
        using var norm = nn.LayerNorm(OutFeatures, dtype: float64);
        using (no_grad())
        {
            // Non-trivial LayerNorm affine parameters, so their gradients are checked too.
            foreach (Parameter p in new[] { linear.weight!, linear.bias!, norm.weight!, norm.bias! })
            {
                p.copy_(randn(p.shape, dtype: float64, generator: gen));
            }
        }

        Tensor x = randn(new long[] { Batch, InFeatures }, dtype: float64, generator: gen).requires_grad_();
        Tensor w = randn(new long[] { Batch, OutFeatures }, dtype: float64, generator: gen);
        Tensor Loss() => (norm.forward(gelu.forward(linear.forward(x))) * w).sum();  // [B, 16] -> []

        Loss().backward();
        Tensor[] leaves = [x, linear.weight!, linear.bias!, norm.weight!, norm.bias!];
        var analytic = leaves.Select(t => t.grad!.contiguous().data<double>().ToArray()).ToArray();

        var numeric = new List<double>();
        using (no_grad())
        {
            foreach (Tensor t in leaves)
            {
                long n = t.numel();
                Tensor flat = t.view(-1);
                for (long i = 0; i < n; i++)
                {
                    double v = flat[i].item<double>();
                    flat[i] = v + Step;
                    double up = Loss().item<double>();
                    flat[i] = v - Step;
                    double down = Loss().item<double>();
                    flat[i] = v;
                    numeric.Add((up - down) / (2 * Step));
                }
            }
        }

        return Compare(analytic.SelectMany(a => a).ToArray(), numeric.ToArray());
    }

    /// <summary>Compares two gradient vectors entry by entry against <see cref="Tolerance"/>.</summary>
    public static GradientCheckResult Compare(IReadOnlyList<double> analytic, IReadOnlyList<double> numeric)
    {
        ArgumentNullException.ThrowIfNull(analytic);
        ArgumentNullException.ThrowIfNull(numeric);
        if (analytic.Count != numeric.Count)
        {
            throw new ArgumentException($"gradient lengths differ: {analytic.Count} vs {numeric.Count}", nameof(numeric));
        }

        double maxAbs = 0;
        bool passed = analytic.Count > 0;
        for (int i = 0; i < analytic.Count; i++)
        {
            double err = Math.Abs(analytic[i] - numeric[i]);
            if (double.IsNaN(err) || err > Tolerance * Math.Max(1, Math.Abs(numeric[i])))
            {
                passed = false;
            }

            maxAbs = double.IsNaN(err) ? double.NaN : Math.Max(maxAbs, err);
        }

        return new GradientCheckResult(analytic.Count, maxAbs, Tolerance, passed);
    }
}

using static TorchSharp.torch;

namespace Lamae.Evaluation;

/// <summary>Logistic models for several codes on the same D features, and the L-BFGS work that fitted them.</summary>
/// <param name="Codes">One model per code, in the order of the label columns.</param>
/// <param name="Evaluations">Objective-and-gradient evaluations the fit took (all codes at once).</param>
public sealed record LogisticFit(IReadOnlyList<LogisticCodeFit> Codes, int Evaluations)
{
    /// <summary>Whether every code met the gradient tolerance.</summary>
    public bool Converged => Codes.All(c => c.Converged);

    /// <summary>Rows x [N, D] -> decision function x w + b [N, C] in float64.</summary>
    public Tensor DecisionFunction(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        int features = Codes.Count == 0 ? (int)x.shape[^1] : Codes[0].Coefficients.Count;
        if (x.dim() != 2 || x.shape[1] != features)
        {
            throw new ArgumentException($"rows must be [N, {features}], got [{string.Join(", ", x.shape)}]", nameof(x));
        }

        using var scope = NewDisposeScope();
        return x.to(float64).mm(Weights(features, x.device)).add(Intercepts(x.device)).MoveToOuterDisposeScope();  // [N, C]
    }

    /// <summary>The coefficients as one matrix [D, C] (D = <paramref name="features"/> when there are no codes).</summary>
    internal Tensor Weights(int features, Device device)
    {
        double[] flat = new double[features * Codes.Count];
        for (int k = 0; k < Codes.Count; k++)
        {
            for (int j = 0; j < features; j++)
            {
                flat[j * Codes.Count + k] = Codes[k].Coefficients[j];
            }
        }

        return tensor(flat, [features, Codes.Count], float64, device);                                  // [D, C]
    }

    /// <summary>The intercepts [C].</summary>
    internal Tensor Intercepts(Device device) => tensor(Codes.Select(c => c.Intercept).ToArray(), float64, device);

    /// <summary>Rows x [N, D] -> probability of the positive class [N, C] in float64 (scikit-learn's predict_proba[:, 1]).</summary>
    public Tensor PredictProbabilities(Tensor x)
    {
        using var scope = NewDisposeScope();
        return DecisionFunction(x).sigmoid().MoveToOuterDisposeScope();
    }
}

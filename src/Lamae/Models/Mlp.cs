using Lamae.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>fc1 -> GELU -> fc2, as timm's Mlp.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    /// <param name="inFeatures">Input width.</param>
    /// <param name="hiddenFeatures">Hidden width.</param>
    /// <param name="outFeatures">Output width.</param>
    /// <param name="outputBias">Whether fc2 has a bias (not when a softmax follows, which ignores constant shifts).</param>
    public Mlp(int inFeatures, int hiddenFeatures, int outFeatures, bool outputBias = true) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(inFeatures, hiddenFeatures);
        fc2 = nn.Linear(hiddenFeatures, outFeatures, hasBias: outputBias);
        RegisterComponents();
    }

    /// <summary>[..., in] -> [..., out].</summary>
    public override Tensor forward(Tensor x) => MixedPrecision.Linear(fc2, nn.functional.gelu(MixedPrecision.Linear(fc1, x, keepCompute: true)));
}

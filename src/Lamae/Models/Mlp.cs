using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>fc1 -> GELU -> fc2, as timm's Mlp.</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public Mlp(int inFeatures, int hiddenFeatures, int outFeatures) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(inFeatures, hiddenFeatures);
        fc2 = nn.Linear(hiddenFeatures, outFeatures);
        RegisterComponents();
    }

    /// <summary>[..., in] -> [..., out].</summary>
    public override Tensor forward(Tensor x) => fc2.forward(nn.functional.gelu(fc1.forward(x)));
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Pre-norm transformer block: x + Attn(LN(x)), then x + MLP(LN(x)).</summary>
public sealed class Block : nn.Module
{
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;

    public Block(int dim, int heads, double mlpRatio, double eps) : base(nameof(Block))
    {
        norm1 = nn.LayerNorm(dim, eps);
        attn = new Attention(dim, heads);
        norm2 = nn.LayerNorm(dim, eps);
        mlp = new Mlp(dim, (int)(dim * mlpRatio), dim);
        RegisterComponents();
    }

    /// <summary>x [B, S, D], keyValid [B, S] or null -> [B, S, D].</summary>
    public Tensor forward(Tensor x, Tensor? keyValid = null)
    {
        using var scope = NewDisposeScope();  // frees the block's temporaries now; autograd keeps what backward needs
        x = x + attn.forward(norm1.forward(x), keyValid);
        return (x + mlp.forward(norm2.forward(x))).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Pre-norm cross-attention block: x + CrossAttn(LN(x), LN(context)), then x + MLP(LN(x)).</summary>
public sealed class CrossBlock : nn.Module
{
    private readonly LayerNorm norm1;
    [ComponentName(Name = "norm_context")]
    private readonly LayerNorm normContext;
    private readonly CrossAttention attn;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;

    public CrossBlock(int dim, int heads, double mlpRatio, double eps) : base(nameof(CrossBlock))
    {
        norm1 = nn.LayerNorm(dim, eps);
        normContext = nn.LayerNorm(dim, eps);
        attn = new CrossAttention(dim, heads);
        norm2 = nn.LayerNorm(dim, eps);
        mlp = new Mlp(dim, (int)(dim * mlpRatio), dim);
        RegisterComponents();
    }

    /// <summary>x [B, Sq, D], context [B, Sk, D], contextValid [B, Sk] or null, score bias [B|1, H|1, Sq, Sk] or null -> [B, Sq, D].</summary>
    public Tensor forward(Tensor x, Tensor context, Tensor? contextValid = null, Tensor? bias = null)
    {
        using var scope = NewDisposeScope();  // frees the block's temporaries now; autograd keeps what backward needs
        x = x + attn.forward(norm1.forward(x), normContext.forward(context), contextValid, bias);
        return (x + mlp.forward(norm2.forward(x))).MoveToOuterDisposeScope();
    }
}

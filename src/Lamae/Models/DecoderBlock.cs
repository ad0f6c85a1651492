using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Decoder block: self-attention within a lead, cross-attention to a context (the latents), MLP; all pre-norm.</summary>
public sealed class DecoderBlock : nn.Module
{
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly LayerNorm norm2;
    [ComponentName(Name = "norm_context")]
    private readonly LayerNorm normContext;
    [ComponentName(Name = "cross_attn")]
    private readonly CrossAttention crossAttn;
    private readonly LayerNorm norm3;
    private readonly Mlp mlp;

    public DecoderBlock(int dim, int heads, double mlpRatio, double eps) : base(nameof(DecoderBlock))
    {
        norm1 = nn.LayerNorm(dim, eps);
        attn = new Attention(dim, heads);
        norm2 = nn.LayerNorm(dim, eps);
        normContext = nn.LayerNorm(dim, eps);
        crossAttn = new CrossAttention(dim, heads);
        norm3 = nn.LayerNorm(dim, eps);
        mlp = new Mlp(dim, (int)(dim * mlpRatio), dim);
        RegisterComponents();
    }

    /// <summary>x [B, S, D], context [B, K, D], cross-attention score bias [B|1, H|1, S, K] or null -> [B, S, D].</summary>
    public Tensor forward(Tensor x, Tensor context, Tensor? contextBias = null)
    {
        x = x + attn.forward(norm1.forward(x));
        x = x + crossAttn.forward(norm2.forward(x), normContext.forward(context), null, contextBias);
        return x + mlp.forward(norm3.forward(x));
    }
}

using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// Decoder block: self-attention within a lead, cross-attention to a context (the latents), MLP; all pre-norm. The
/// context is the same for every lead of an ECG, so the cross-attention reads it once per ECG with all leads' tokens as
/// queries (each query attends on its own, so this is exactly the per-lead form without a copy of the context per lead).
/// </summary>
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

    /// <summary>
    /// x [B, L, N, D] (each lead's tokens), context [B, K, D], cross-attention score bias [1, H|1, L*N, K] or null
    /// (queries in lead-major order) -> [B, L, N, D].
    /// </summary>
    public Tensor forward(Tensor x, Tensor context, Tensor? contextBias = null)
    {
        using var scope = NewDisposeScope();  // frees the block's temporaries now; autograd keeps what backward needs
        long b = x.shape[0], l = x.shape[1], n = x.shape[2], d = x.shape[3];
        Tensor perLead = x.view(b * l, n, d);  // [B*L, N, D]
        perLead = perLead + attn.forward(norm1.forward(perLead));  // within each lead
        Tensor perEcg = perLead.view(b, l * n, d);  // [B, L*N, D]
        perEcg = perEcg + crossAttn.forward(norm2.forward(perEcg), normContext.forward(context), null, contextBias);  // all leads read the ECG's context
        return (perEcg + mlp.forward(norm3.forward(perEcg))).view(b, l, n, d).MoveToOuterDisposeScope();
    }
}

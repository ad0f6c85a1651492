using Lamae.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Multi-head cross-attention: queries from x, keys and values from a context, with a key mask on the context.</summary>
public sealed class CrossAttention : nn.Module
{
    private readonly Linear q;
    private readonly Linear kv;
    private readonly Linear proj;
    private readonly int heads;

    public CrossAttention(int dim, int heads) : base(nameof(CrossAttention))
    {
        if (dim % heads != 0)
        {
            throw new ArgumentException($"width {dim} is not divisible by {heads} heads", nameof(heads));
        }

        this.heads = heads;
        q = nn.Linear(dim, dim);
        kv = nn.Linear(dim, 2 * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>Mimetic initialisation: the key projection starts equal to the query projection (see <see cref="Attention.TieKeyToQueryInit"/>).</summary>
    public void TieKeyToQueryInit()
    {
        using var noGrad = no_grad();
        long d = q.weight!.shape[0];
        kv.weight!.narrow(0, 0, d).copy_(q.weight);
    }

    /// <summary>
    /// x [B, Sq, D], context [B, Sk, D], contextValid [B, Sk] (true = may be attended to), bias broadcastable to
    /// [B, H, Sq, Sk] (added to the scores; see <see cref="TimeLocality"/>) -> [B, Sq, D].
    /// </summary>
    public Tensor forward(Tensor x, Tensor context, Tensor? contextValid = null, Tensor? bias = null) => forward(x, context, contextValid, needWeights: false, bias).Output;

    /// <summary>As <see cref="forward(Tensor, Tensor, Tensor?, Tensor?)"/>, also returning the weights [B, H, Sq, Sk] when asked.</summary>
    public (Tensor Output, Tensor? Weights) forward(Tensor x, Tensor context, Tensor? contextValid, bool needWeights, Tensor? bias = null)
    {
        long b = x.shape[0], sq = x.shape[1], d = x.shape[2], sk = context.shape[1];
        Tensor query = MixedPrecision.Linear(q, x, keepCompute: true).view(b, sq, heads, d / heads).transpose(1, 2);  // [B, H, Sq, dh]
        Tensor[] kvParts = MixedPrecision.Linear(kv, context, keepCompute: true).view(b, sk, 2, heads, d / heads).permute(2, 0, 3, 1, 4).unbind(0);  // 2 x [B, H, Sk, dh]
        (Tensor o, Tensor? w) = Attention.ScaledDotProduct(query, kvParts[0], kvParts[1], contextValid, needWeights, bias);  // [B, H, Sq, dh]
        return (MixedPrecision.Linear(proj, o.transpose(1, 2).reshape(b, sq, d)), w);  // [B, Sq, D]
    }
}

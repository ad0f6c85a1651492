using Lamae.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Multi-head self-attention with a key mask; softmax(QK^T / sqrt(d)) V written out (faster here than the fused kernel, and the weights can be returned).</summary>
public sealed class Attention : nn.Module
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int heads;

    public Attention(int dim, int heads) : base(nameof(Attention))
    {
        if (dim % heads != 0)
        {
            throw new ArgumentException($"width {dim} is not divisible by {heads} heads", nameof(heads));
        }

        this.heads = heads;
        qkv = nn.Linear(dim, 3 * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>
    /// Mimetic initialisation (Trockman and Kolter 2023, simplified): the key projection starts equal to the query
    /// projection, so W_q^T W_k is positive semi-definite in every head and tokens first attend to tokens like
    /// themselves (the same time position, the same waveform) instead of uniformly.
    /// </summary>
    public void TieKeyToQueryInit()
    {
        using var noGrad = no_grad();
        long d = proj.weight!.shape[0];
        qkv.weight!.narrow(0, d, d).copy_(qkv.weight.narrow(0, 0, d));
    }

    /// <summary>x [B, S, D], keyValid [B, S] (true = may be attended to; null = all) -> [B, S, D].</summary>
    public Tensor forward(Tensor x, Tensor? keyValid = null) => forward(x, keyValid, needWeights: false).Output;

    /// <summary>As <see cref="forward(Tensor, Tensor?)"/>, also returning the weights [B, H, S, S] when asked.</summary>
    public (Tensor Output, Tensor? Weights) forward(Tensor x, Tensor? keyValid, bool needWeights)
    {
        long b = x.shape[0], s = x.shape[1], d = x.shape[2];
        Tensor[] qkvParts = MixedPrecision.Linear(qkv, x, keepCompute: true).view(b, s, 3, heads, d / heads).permute(2, 0, 3, 1, 4).unbind(0);  // 3 x [B, H, S, dh]
        (Tensor o, Tensor? w) = ScaledDotProduct(qkvParts[0], qkvParts[1], qkvParts[2], keyValid, needWeights);  // [B, H, S, dh]
        return (MixedPrecision.Linear(proj, o.transpose(1, 2).reshape(b, s, d)), w);  // [B, S, D]
    }

    /// <summary>
    /// Use libtorch's fused kernel (<c>scaled_dot_product_attention</c>) whenever the weights are not asked for, with the
    /// score bias and the key mask as one additive mask. Off: on this project's 2-core CPU the written-out form made the
    /// tiny training step about 10 % faster (docs/pretraining.md, "Fused attention"); <c>LamaeStepBenchmarks</c> times
    /// both, so another machine (a GPU, a CPU with AMX) can be measured before turning it on.
    /// </summary>
    internal static bool Fused { get; set; }

    /// <summary>
    /// q [B, H, Sq, dh], k and v [B, H, Sk, dh], keyValid [B, Sk], an additive score bias broadcastable to
    /// [B, H, Sq, Sk] -> ([B, H, Sq, dh] in v's dtype, weights [B, H, Sq, Sk] when asked). Masked keys get the most
    /// negative finite score, so a row with no valid key averages instead of giving NaN, in the fused and the written-out
    /// form alike. With bf16 q, k and v (mixed precision) both products run in bf16 while the scores, the bias, the mask
    /// and the softmax stay fp32, as autocast does.
    /// </summary>
    internal static (Tensor Output, Tensor? Weights) ScaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor? keyValid, bool needWeights, Tensor? bias = null)
    {
        FlopCounter.AddAttention(q, k);
        if (Fused && !needWeights)
        {
            return (FusedScaledDotProduct(q, k, v, keyValid, bias), null);
        }

        // The scale goes on q (Sq x dh values) rather than on the scores (Sq x Sk), and the softmax reads bf16 scores
        // straight into fp32: each is one pass fewer over the largest tensors of attention.
        Tensor scores = matmul(q.mul(1.0 / Math.Sqrt(q.shape[^1])), k.transpose(-2, -1));  // [B, H, Sq, Sk] in q's dtype
        if (bias is not null)
        {
            scores = scores + bias;  // an fp32 bias makes bf16 scores fp32 in the same pass
        }

        if (keyValid is not null)
        {
            scores = scores.to(ScalarType.Float32).masked_fill(keyValid.logical_not().unsqueeze(1).unsqueeze(1), float.MinValue);
        }

        Tensor weights = scores.softmax(-1, dtype: ScalarType.Float32);  // fp32 whatever the scores' dtype
        return (matmul(weights.to(v.dtype), v), needWeights ? weights : null);
    }

    /// <summary>
    /// The same attention through libtorch's fused kernel: q [B, H, Sq, dh], k and v [B, H, Sk, dh], keyValid [B, Sk],
    /// bias broadcastable to [B, H, Sq, Sk] -> [B, H, Sq, dh]; the bias and key mask go in as one additive mask.
    /// </summary>
    internal static Tensor FusedScaledDotProduct(Tensor q, Tensor k, Tensor v, Tensor? keyValid, Tensor? bias = null)
    {
        Tensor? mask = bias?.to(q.dtype);
        if (keyValid is not null)
        {
            // float.MinValue plus a bias of a few hundred rounds back to float.MinValue: never -inf, never NaN. bf16
            // rounds float.MinValue itself to -inf, so it gets the largest finite negative bf16 can hold instead.
            float masked = q.dtype == ScalarType.Float32 ? float.MinValue : -3.0e38f;
            Tensor keyMask = zeros(keyValid.shape, dtype: q.dtype, device: q.device).masked_fill(keyValid.logical_not(), masked).unsqueeze(1).unsqueeze(1);  // [B, 1, 1, Sk]
            mask = mask is null ? keyMask : mask + keyMask;
        }

        return nn.functional.scaled_dot_product_attention(q, k, v, mask);
    }
}

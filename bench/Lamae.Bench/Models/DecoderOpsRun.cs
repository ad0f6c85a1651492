using System.Globalization;
using Lamae.Runtime;
using static TorchSharp.torch;

namespace Lamae.Bench.Models;

/// <summary>
/// `Lamae.Bench decoder-ops [batch=64] [dtype=fp32|bf16]`: the forward time of each operation of one tiny LAMAE decoder
/// block at its own shapes (B*L = 768 leads of N = 40 tokens, D_dec = 96, 4 heads; the context is 41 vectors per ECG),
/// median of 20 calls: where a block's time goes besides its matrix products.
/// </summary>
internal static class DecoderOpsRun
{
    public static int Run(string[] args)
    {
        var options = new BenchArgs(args.Skip(1));
        int batch = options.Int("batch", 64);
        ScalarType dt = options.Get("dtype", "fp32") == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32;
        TorchRuntime.Configure(2);
        using var noGrad = no_grad();
        long leads = batch * 12L, n = 40, d = 96, h = 4, dh = d / h, tokens = leads * n;
        Tensor x = randn(tokens, d), x16 = x.to(dt);
        Tensor w = randn(3 * d, d).mul(0.1).to(dt), w1 = randn(4 * d, d).mul(0.1).to(dt), w2 = randn(d, 4 * d).mul(0.1).to(dt);
        Tensor q = randn(leads, h, n, dh).to(dt), k = randn(leads, h, n, dh).to(dt);
        Tensor scores = randn(leads, h, n, n);
        Tensor hidden = randn(tokens, 4 * d).to(dt);
        Tensor qc = randn(batch, h, 12 * n, dh).to(dt), kc = randn(batch, h, 41, dh).to(dt);
        Tensor bias = randn(1, h, 12 * n, 41);
        var ops = new (string Name, Func<Tensor> Op)[]
        {
            ("layer_norm [T, 96] fp32", () => nn.functional.layer_norm(x, [d])),
            ("cast [T, 96] to compute dtype", () => x.to(dt == ScalarType.Float32 ? ScalarType.Float64 : dt)),
            ("linear 96 -> 288 (qkv)", () => nn.functional.linear(x16, w)),
            ("linear 96 -> 384 (fc1)", () => nn.functional.linear(x16, w1)),
            ("linear 384 -> 96 (fc2)", () => nn.functional.linear(hidden, w2)),
            ("gelu [T, 384]", () => nn.functional.gelu(hidden)),
            ("self QK^T [768x4, 40, 40]", () => matmul(q, k.transpose(-2, -1))),
            ("softmax [768x4, 40, 40] fp32", () => scores.softmax(-1)),
            ("scores * scale", () => scores.mul(0.2)),
            ("permute+reshape [768, 40, 96]", () => q.transpose(1, 2).reshape(leads, n, d)),
            ("cross QK^T [64x4, 480, 41]", () => matmul(qc, kc.transpose(-2, -1))),
            ("cross scores + bias", () => matmul(qc, kc.transpose(-2, -1)).to(ScalarType.Float32).add(bias)),
            ("residual add [T, 96]", () => x.add(x)),
        };
        foreach ((string name, Func<Tensor> op) in ops)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} {CallTimer.Median(CallTimer.Milliseconds(op, 3, 20)),8:F2} ms"));
        }

        return 0;
    }
}

using System.Globalization;
using Lamae.Diagnostics;
using Lamae.Runtime;
using static TorchSharp.torch;

namespace Lamae.Bench.Runtime;

/// <summary>
/// `Lamae.Bench matmul [threads=2]`: the matrix-product ceiling at tiny LAMAE's own shapes at batch 64, fp32 and bf16,
/// best and median GFLOP/s of 20 calls: the Linear layers (x [rows, in] times W^T) and the attention products (batched
/// q k^T). The same shapes as bench/peer's `matmul`, so the two libraries' ceilings compare in one run. Outputs are
/// fresh tensors, as in training (Lamae's allocator keeps them in the heap, so they do not page-fault after warm-up).
/// </summary>
internal static class MatmulCeilingRun
{
    private static readonly (long Rows, long In, long Out, string What)[] LinearShapes =
    [
        (30720, 96, 384, "decoder MLP fc1"), (30720, 384, 96, "decoder MLP fc2"), (30720, 96, 288, "decoder qkv"),
        (7680, 128, 512, "encoder MLP fc1"), (7680, 512, 128, "encoder MLP fc2"), (7680, 128, 384, "encoder qkv"),
    ];

    private static readonly (long Batch, long Rows, long Inner, long Cols, string What)[] ProductShapes =
    [
        (3072, 40, 24, 41, "decoder cross-attention"), (3072, 40, 24, 40, "decoder self-attention"),
        (256, 40, 32, 120, "latents read the tokens"), (3072, 10, 32, 10, "encoder self-attention"),
    ];

    public static int Run(string[] args)
    {
        int threads = new BenchArgs(args.Skip(1)).Int("threads", 2);
        TorchRuntime.Configure(threads);
        Console.WriteLine($"matmul ceiling, Lamae's libtorch ({CpuModel.Name()}, {threads} threads)");
        using var noGrad = no_grad();
        foreach (ScalarType dt in new[] { ScalarType.Float32, ScalarType.BFloat16 })
        {
            string name = dt == ScalarType.Float32 ? "fp32" : "bf16";
            foreach ((long rows, long k, long n, string what) in LinearShapes)
            {
                using Tensor x = randn(rows, k).to(dt), w = randn(n, k).to(dt);
                Print(name, $"mm  [{rows},{k}]x[{k},{n}] ({what})", 2.0 * rows * k * n, () => nn.functional.linear(x, w));
            }

            foreach ((long b, long s, long dh, long sk, string what) in ProductShapes)
            {
                using Tensor q = randn(b, s, dh).to(dt), kk = randn(b, sk, dh).to(dt);
                Print(name, $"bmm [{b}x {s},{dh}]x[{dh},{sk}] ({what})", 2.0 * b * s * dh * sk, () => matmul(q, kk.transpose(1, 2)));
            }
        }

        return 0;
    }

    private static void Print(string precision, string shape, double flops, Func<Tensor> op)
    {
        IReadOnlyList<double> ms = CallTimer.Milliseconds(op, 5, 20);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {precision} {shape}: best {flops / ms[0] / 1e6:F1} GFLOP/s, median {flops / CallTimer.Median(ms) / 1e6:F1}"));
    }
}

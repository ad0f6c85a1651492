using BenchmarkDotNet.Attributes;
using Lamae.Models;
using Lamae.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Bench.Models;

/// <summary>
/// One LAMAE tiny pretraining step (forward, backward, AdamW) on a batch of 64 ECGs [12, 1000], fp32,
/// 2 threads: the number to compare with the PyTorch peer in shared/docs/PERFORMANCE.md (2.04-2.13 s).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet calls the [GlobalCleanup] method, which disposes them.")]
public class LamaeStepBenchmarks
{
    private const int Batch = 64;
    private LamaeModel model = null!;
    private OptimizerHelper opt = null!;
    private Tensor signals = null!;
    private Tensor present = null!;
    private Generator generator = null!;

    [Params(2)]
    public int Threads { get; set; }

    /// <summary>libtorch's fused attention kernel, or every attention written out (the default; issue 15: keep the faster).</summary>
    [Params(true, false)]
    public bool FusedAttention { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Configure(Threads);
        Attention.Fused = FusedAttention;
        manual_seed(0);
        model = new LamaeModel(ModelConfig.Tiny);
        opt = optim.AdamW(model.parameters(), lr: 1e-4, weight_decay: 0.05);
        signals = randn(Batch, 12, ModelConfig.Tiny.Samples);
        present = ones(Batch, 12, dtype: ScalarType.Bool);
        generator = new Generator(1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Attention.Fused = false;
        model.Dispose();
        signals.Dispose();
        present.Dispose();
        generator.Dispose();
    }

    [Benchmark]
    public float TrainingStep()
    {
        using var scope = NewDisposeScope();
        opt.zero_grad();
        Tensor loss = model.forward(signals, present, generator).Loss;
        loss.backward();
        opt.step();
        return loss.item<float>();
    }
}

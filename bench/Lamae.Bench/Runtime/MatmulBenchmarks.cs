using BenchmarkDotNet.Attributes;
using Lamae.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Bench.Runtime;

/// <summary>
/// The machine's torch baseline: one [4096, 384] x [384, 384] matmul (1.21 GFLOP), as in
/// shared/docs/PERFORMANCE.md. GFLOP/s = 1.208 / mean seconds.
/// </summary>
[MemoryDiagnoser(false)]
public class MatmulBenchmarks
{
    private Tensor a = null!;
    private Tensor b = null!;

    [Params(ScalarType.Float32, ScalarType.BFloat16)]
    public ScalarType DType { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Configure(Threads);
        a = randn(4096, 384).to(DType);
        b = randn(384, 384).to(DType);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        a.Dispose();
        b.Dispose();
    }

    [Benchmark]
    public void Matmul()
    {
        using var scope = NewDisposeScope();
        _ = matmul(a, b);
    }
}

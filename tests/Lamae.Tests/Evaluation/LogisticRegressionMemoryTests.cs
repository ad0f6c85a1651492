using System.Runtime.InteropServices;
using Lamae.Evaluation;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lamae.Tests.Evaluation;

/// <summary>
/// LogisticRegression frees what TorchSharp 0.107's native L-BFGS keeps (both measured before the fix): the loss handle
/// of every evaluation (~430 bytes each) and, per fit, new handles to the parameters, which hold the weights and their
/// gradients (16 bytes per parameter). Each test makes one of these dominate and allows a third of it: with the fix the
/// heap still drifts by ~60 bytes per evaluation over a short run (and falls back over longer ones), without it the
/// tests saw 3.7 MB and 21 MB. The native heap counts the whole process, so this class runs alone, after the parallel
/// tests.
/// </summary>
[CollectionDefinition(nameof(LogisticRegressionMemoryTests), DisableParallelization = true)]
[Collection(nameof(LogisticRegressionMemoryTests))]
public sealed class LogisticRegressionMemoryTests(ITestOutputHelper output)
{
    private const double LossHandleBytes = 430;
    private const double BytesPerParameter = 16;

    [Fact]
    public void Evaluations_leave_nothing_on_the_native_heap()
    {
        // Few parameters, many evaluations: a tolerance no fit meets runs every fit to its iteration budget.
        (long grown, int evaluations) = Grown(rows: 200, features: 16, codes: 15, fits: 2, iterations: 4_000);

        double limit = LossHandleBytes * evaluations / 3;
        output.WriteLine($"{evaluations} evaluations: native heap grew {grown:N0} bytes (limit {limit:N0})");
        Assert.True(grown < limit, $"the native heap grew {grown:N0} bytes over {evaluations} evaluations");
    }

    [Fact]
    public void Fits_leave_nothing_on_the_native_heap()
    {
        // Many parameters (257 x 1024), few evaluations.
        const int Features = 256, Codes = 1024, Fits = 5;
        (long grown, int evaluations) = Grown(rows: 50, Features, Codes, Fits, iterations: 3);

        double limit = BytesPerParameter * (Features + 1) * Codes * Fits / 3;
        output.WriteLine($"{Fits} fits, {evaluations} evaluations: native heap grew {grown:N0} bytes (limit {limit:N0})");
        Assert.True(grown < limit, $"the native heap grew {grown:N0} bytes over {Fits} fits");
    }

    private static (long Grown, int Evaluations) Grown(int rows, int features, int codes, int fits, int iterations)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        Tensor x = randn([rows, features], ScalarType.Float64, generator: generator);
        Tensor y = (x.mm(randn([features, codes], ScalarType.Float64, generator: generator)) > 0).to(ScalarType.Float64);
        y[0] = ones(codes, ScalarType.Float64);   // both classes in every code
        y[1] = zeros(codes, ScalarType.Float64);
        var options = new LogisticSolverOptions { GradientTolerance = 1e-300, MaxIterations = iterations };
        int Fit() => LogisticRegression.Fit(x, y, 1.0, ClassWeight.None, options).Evaluations;
        Fit();

        // The least growth of three tries: a leak grows the heap every time, while what other threads free or keep
        // (finalisers, thread-pool threads that ran probes in parallel tests) moves single readings by up to ~7 MB.
        (long Grown, int Evaluations) least = (long.MaxValue, 0);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = NativeHeapInUse();
            int evaluations = Enumerable.Range(0, fits).Sum(_ => Fit());
            long grown = NativeHeapInUse() - before;
            least = grown < least.Grown ? (grown, evaluations) : least;
        }

        return least;
    }

    /// <summary>Bytes glibc's malloc has handed out and not had back, all arenas and mmapped blocks together.</summary>
    private static long NativeHeapInUse()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        MallInfo2 info = NativeMethods.mallinfo2();
        return (long)(info.Uordblks + info.Hblkhd);
    }

    /// <summary>glibc's struct mallinfo2 (glibc 2.33 and later), every field a size_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallInfo2
    {
        public readonly nuint Arena;
        public readonly nuint Ordblks;
        public readonly nuint Smblks;
        public readonly nuint Hblks;
        public readonly nuint Hblkhd;
        public readonly nuint Usmblks;
        public readonly nuint Fsmblks;
        public readonly nuint Uordblks;
        public readonly nuint Fordblks;
        public readonly nuint Keepcost;
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "mallinfo2")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern MallInfo2 mallinfo2();
    }
}

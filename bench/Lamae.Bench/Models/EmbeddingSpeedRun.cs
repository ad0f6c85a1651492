using System.Globalization;
using Lamae.Diagnostics;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;
using static TorchSharp.torch;

namespace Lamae.Bench.Models;

/// <summary>
/// `Lamae.Bench embed-speed MODEL [batch=64] [threads=2] [precision=fp32|bf16] [repeats=10]`: inference as `lamae embed`
/// runs it (eval mode, no_grad, every lead present, no masking): batched throughput in ECG/s and the latency of one ECG
/// (median of single-ECG calls), on random signals. Prints one line with the peak RSS.
/// </summary>
internal static class EmbeddingSpeedRun
{
    public static int Run(string[] args)
    {
        string name = args[1];
        var options = new BenchArgs(args.Skip(2));
        int batch = options.Int("batch", 64), threads = options.Int("threads", 2), repeats = options.Int("repeats", 10);
        string precision = options.Get("precision", PrecisionChoice.Fp32);
        TorchRuntime.Configure(threads);
        ModelConfig config = Presets.Tiny.ModelFor(name);
        random.manual_seed(0);
        using PretrainModel model = ModelRegistry.Create(name, config);
        model.eval();
        using var noGrad = no_grad();
        using IDisposable mixed = MixedPrecision.Use(PrecisionChoice.ComputeOf(precision));

        double Median(int size, int count)
        {
            using Tensor signals = randn(size, 12, config.Samples);
            using Tensor leadIds = LamaeModel.CanonicalLeadIds(size);
            using Tensor present = ones(size, 12, dtype: ScalarType.Bool);
            return CallTimer.Median(CallTimer.Milliseconds(() => model.embed(signals, leadIds, present), 2, count));
        }

        double batched = Median(batch, repeats), single = Median(1, repeats * 5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} embed {precision} {threads} threads ({CpuModel.Name()}): batch {batch} {batched:F0} ms = {batch * 1000 / batched:F1} ECG/s; "
            + $"one ECG {single:F1} ms; peak RSS {ProcessMemory.PeakGigabytes:F2} GB"));
        return 0;
    }
}

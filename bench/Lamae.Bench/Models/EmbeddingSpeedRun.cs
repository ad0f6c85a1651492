using System.Diagnostics;
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
        Dictionary<string, string> kv = args.Skip(2).Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : "");
        int batch = int.Parse(kv.GetValueOrDefault("batch", "64"), CultureInfo.InvariantCulture);
        int threads = int.Parse(kv.GetValueOrDefault("threads", "2"), CultureInfo.InvariantCulture);
        int repeats = int.Parse(kv.GetValueOrDefault("repeats", "10"), CultureInfo.InvariantCulture);
        string precision = kv.GetValueOrDefault("precision", PrecisionChoice.Fp32);
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
            var times = new List<double>();
            for (int i = 0; i < count + 2; i++)
            {
                using var scope = NewDisposeScope();
                var clock = Stopwatch.StartNew();
                model.embed(signals, leadIds, present);
                if (i >= 2)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            return times[times.Count / 2];
        }

        double batched = Median(batch, repeats), single = Median(1, repeats * 5);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} embed {precision} {threads} threads ({CpuModel.Name()}): batch {batch} {batched:F0} ms = {batch * 1000 / batched:F1} ECG/s; "
            + $"one ECG {single:F1} ms; peak RSS {ProcessMemory.PeakGigabytes:F2} GB"));
        return 0;
    }
}

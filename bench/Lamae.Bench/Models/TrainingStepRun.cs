using System.Diagnostics;
using System.Globalization;
using Lamae.Diagnostics;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Bench.Models;

/// <summary>
/// `Lamae.Bench steps MODEL [key=value ...]`: times the engine's own training step (<see cref="TrainingLoop"/>: forward,
/// backward, clipping, AdamW) of a tiny model on random signals, the number bench/peer/lamae_peer.py is compared with.
/// Keys: batch (64), micro (ECGs per forward and backward pass, <see cref="PretrainOptions.DefaultMicroBatch"/> as in
/// `lamae pretrain`; micro=batch runs the batch whole), threads (2), precision (fp32|bf16), steps (20 timed), warmup (3), malloc (tuned|default: Lamae's
/// glibc tuning or none), fused (0|1: libtorch's fused attention), heap (0|1: sample glibc's heap every 2 ms for the
/// peak bytes in use and held; it takes the allocator's locks, so it is off when timing), report (every N steps a line with the resident memory
/// and the live tensors, to show both flat over a long run). Prints one line: step median and best, ECG/s at the
/// median, achieved GFLOP/s (<see cref="FlopCounter.TrainingFlops"/>: 3 x the forward FLOPs of products with a graph, 1 x those without), peak RSS, and the live
/// tensors after the first and the last step (flat when nothing leaks).
/// </summary>
internal static class TrainingStepRun
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: steps MODEL [batch=64] [micro=16] [threads=2] [precision=fp32|bf16] [steps=20] [warmup=3] [malloc=tuned|default] [fused=0|1] [heap=0|1] [report=N]");
            return 1;
        }

        string name = args[1];
        var options = new BenchArgs(args.Skip(2));
        string Get(string key, string fallback) => options.Get(key, fallback);
        int batch = options.Int("batch", 64), micro = options.Int("micro", PretrainOptions.DefaultMicroBatch), threads = options.Int("threads", 2), steps = options.Int("steps", 20);
        int warmup = options.Int("warmup", 3), report = options.Int("report", 0);
        string precision = Get("precision", PrecisionChoice.Fp32);
        if (Get("malloc", "tuned") == "tuned")
        {
            TorchRuntime.Configure(threads);
        }
        else
        {
            set_num_threads(threads);
        }

        Attention.Fused = Get("fused", "0") == "1";
        ModelConfig config = Presets.Tiny.ModelFor(name);
        random.manual_seed(0);
        using PretrainModel model = ModelRegistry.Create(name, config);
        var schedule = new LearningRateSchedule { BaseLearningRate = 1.5e-4, BatchSize = batch, WarmupSteps = 10, TotalSteps = 1_000_000 };
        var loop = new TrainingLoop(model, ParameterGroups.Split(model).CreateAdamW(schedule.PeakLearningRate), schedule);
        using Tensor signals = randn(batch, 12, config.Samples);
        using Tensor leadIds = LamaeModel.CanonicalLeadIds(batch);
        using Tensor present = ones(batch, 12, dtype: ScalarType.Bool);
        using var masks = new Generator(5);
        using IDisposable mixed = MixedPrecision.Use(PrecisionChoice.ComputeOf(precision));

        using HeapSampler? heap = Get("heap", "0") == "1" ? new HeapSampler() : null;  // off by default: mallinfo2 takes the arena locks
        var times = new List<double>();
        long trainingFlops = 0, liveAfterFirst = 0;
        for (int i = 0; i < warmup + steps; i++)
        {
            var clock = Stopwatch.StartNew();
            using (IDisposable counting = FlopCounter.Count())
            {
                loop.RunStepWithGradients(() => model.pretrain_backward(signals, leadIds, present, masks, micro));
                trainingFlops += FlopCounter.TrainingFlops;
            }

            if (i >= warmup)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            if (i == 0)
            {
                liveAfterFirst = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }

            if (report > 0 && (i + 1) % report == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  step {i + 1,6}: RSS {ProcessMemory.CurrentGigabytes:F3} GB, peak {ProcessMemory.PeakGigabytes:F3} GB, live tensors {DisposeScopeManager.Statistics.ThreadTotalLiveCount}"));
            }
        }

        times.Sort();
        double median = times[times.Count / 2], gflopPerStep = (double)trainingFlops / (warmup + steps) / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} batch {batch} micro {Math.Min(micro, batch)} {precision} {threads} threads ({CpuModel.Name()}): step median {median:F0} ms (best {times[0]:F0}), "
            + $"{batch * 1000 / median:F1} ECG/s, {gflopPerStep * 1000 / median:F1} GFLOP/s ({gflopPerStep / batch:F3} GFLOP/ECG), "
            + $"peak RSS {ProcessMemory.PeakGigabytes:F2} GB{(heap is null ? "" : $" (heap in use {heap.PeakInUse / 1e9:F2}, held {heap.PeakHeld / 1e9:F2})")}, live tensors {liveAfterFirst} -> {DisposeScopeManager.Statistics.ThreadTotalLiveCount}"));
        return 0;
    }
}

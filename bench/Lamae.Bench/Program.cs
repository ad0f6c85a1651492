using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Benchmarks run in this process (TorchSharp's native libraries and the Debian 12 fix are already next
// to this program), with the thread count set by each benchmark. Usage:
//   dotnet run -c Release --project bench/Lamae.Bench -- --filter '*'
//   dotnet run -c Release --project bench/Lamae.Bench -- --list flat
//   dotnet run -c Release --project bench/Lamae.Bench -- loader CACHE [BATCHES] [BATCH]   (loading at scale)
//   dotnet run -c Release --project bench/Lamae.Bench -- logistic-path EMB [THREADS] [TOLERANCE]   (the probe's solver, per grid point)
//   dotnet run -c Release --project bench/Lamae.Bench -- probe CACHE MODEL STEPS BATCH PEAK_LR [key=value ...]   (learning speed)
//   dotnet run -c Release --project bench/Lamae.Bench -- steps MODEL [batch=64] [precision=fp32|bf16] [key=value ...]   (training step speed and memory)
//   dotnet run -c Release --project bench/Lamae.Bench -- embed-speed MODEL [batch=64] [precision=fp32|bf16]   (embedding throughput and one-ECG latency)
//   dotnet run -c Release --project bench/Lamae.Bench -- matmul [threads=2]   (the matrix-product ceiling at tiny's shapes, fp32 and bf16)
//   dotnet run -c Release --project bench/Lamae.Bench -- decoder-ops [batch=64] [dtype=fp32|bf16]   (each operation of a decoder block)
//   dotnet run -c Release --project bench/Lamae.Bench -- memory [batch=64] [precision=fp32|bf16]   (heap in use after each stage of a LAMAE step)
//   dotnet run -c Release --project bench/Lamae.Bench -- peer-fixture OUT [batch=8] [seed=0]   (a batch, a mask and the loss for bench/peer)
//   dotnet run -c Release --project bench/Lamae.Bench -- optimizer MODEL [threads=2] [steps=50] [grad=1e-3] [checkpoint=PATH]   (zero_grad, clipping and AdamW, each timed)
// An error in one of these runs prints one line; BENCH_TRACE=1 lets it through with its stack trace.
// The runs outside BenchmarkDotNet, by name: the fewest arguments each needs (its name included) and what runs it.
var runs = new Dictionary<string, (int MinArgs, Func<string[], int> Run)>
{
    ["loader"] = (2, Lamae.Bench.Cache.LoaderScaleRun.Run),
    ["logistic-path"] = (2, Lamae.Bench.Evaluation.LogisticPathRun.Run),
    ["probe"] = (1, Lamae.Bench.Models.LearningProbeRun.Run),
    ["steps"] = (2, Lamae.Bench.Models.TrainingStepRun.Run),
    ["embed-speed"] = (2, Lamae.Bench.Models.EmbeddingSpeedRun.Run),
    ["matmul"] = (1, Lamae.Bench.Runtime.MatmulCeilingRun.Run),
    ["decoder-ops"] = (1, Lamae.Bench.Models.DecoderOpsRun.Run),
    ["memory"] = (1, Lamae.Bench.Models.MemoryProfileRun.Run),
    ["peer-fixture"] = (2, Lamae.Bench.Models.PeerFixtureRun.Run),
    ["optimizer"] = (2, Lamae.Bench.Training.OptimizerStepRun.Run),
};
if (args.Length >= 1 && runs.TryGetValue(args[0], out var run))
{
    if (args.Length < run.MinArgs)
    {
        Console.Error.WriteLine($"Lamae.Bench {args[0]}: missing arguments; the usage is at the top of bench/Lamae.Bench/Program.cs");
        return 2;
    }

    try
    {
        return run.Run(args);
    }
    catch (Exception e) when (Environment.GetEnvironmentVariable("BENCH_TRACE") is null && e is ArgumentException or FormatException or IOException or UnauthorizedAccessException or Lamae.LamaeException or InvalidOperationException)
    {
        Console.Error.WriteLine($"Lamae.Bench {args[0]}: error: {e.Message}");
        return 2;
    }
}

IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;

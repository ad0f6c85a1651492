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
if (args.Length >= 2 && args[0] == "loader")
{
    return Lamae.Bench.Cache.LoaderScaleRun.Run(args);
}

if (args.Length >= 2 && args[0] == "logistic-path")
{
    return Lamae.Bench.Evaluation.LogisticPathRun.Run(args);
}

if (args.Length >= 1 && args[0] == "probe")
{
    return Lamae.Bench.Models.LearningProbeRun.Run(args);
}

if (args.Length >= 2 && args[0] == "steps")
{
    return Lamae.Bench.Models.TrainingStepRun.Run(args);
}

if (args.Length >= 2 && args[0] == "embed-speed")
{
    return Lamae.Bench.Models.EmbeddingSpeedRun.Run(args);
}

if (args.Length >= 1 && args[0] == "matmul")
{
    return Lamae.Bench.Runtime.MatmulCeilingRun.Run(args);
}

if (args.Length >= 1 && args[0] == "decoder-ops")
{
    return Lamae.Bench.Models.DecoderOpsRun.Run(args);
}

if (args.Length >= 1 && args[0] == "memory")
{
    return Lamae.Bench.Models.MemoryProfileRun.Run(args);
}

if (args.Length >= 2 && args[0] == "peer-fixture")
{
    return Lamae.Bench.Models.PeerFixtureRun.Run(args);
}

IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;

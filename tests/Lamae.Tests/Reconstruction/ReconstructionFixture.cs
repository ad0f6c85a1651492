using Lamae.Cache;
using Lamae.Models;
using Lamae.Signal;
using Lamae.Tests.Models;
using Lamae.Tests.Support;
using Lamae.Training;

namespace Lamae.Tests.Reconstruction;

/// <summary>
/// A 20 Hz cache of 40 simulated ECGs and micro runs (<see cref="MicroConfig"/>, 1 epoch) of LAMAE and contrastive on it,
/// made once per test class: enough for reconstruct to run end to end in seconds.
/// </summary>
public sealed class ReconstructionFixture : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();

    public ReconstructionFixture()
    {
        Cache = Path.Combine(dir.Path, "cache");
        CacheBuilder.Build(new CacheBuildSettings("synthetic", string.Empty, 20, 10, PreprocessingPipeline.Default(20, 10).ToJson(),
            SyntheticCount: 40, SyntheticRate: 250, Seed: 3), Cache, threads: 2);
        using EcgCache cache = EcgCache.Open(Cache);
        var options = new PretrainOptions { Epochs = 1, BatchSize = 8, BaseLearningRate = 0.096, Seed = 1 };
        LamaeRun = Path.Combine(dir.Path, "run-lamae");
        Pretrainer.Run(RunFolder.At(LamaeRun), new ModelSpec(ModelNames.Lamae, MicroConfig.Value), options, cache);
        ContrastiveRun = Path.Combine(dir.Path, "run-contrastive");
        Pretrainer.Run(RunFolder.At(ContrastiveRun), new ModelSpec(ModelNames.Contrastive, MicroConfig.Value), options, cache);
    }

    /// <summary>The 20 Hz cache.</summary>
    public string Cache { get; }

    /// <summary>A micro LAMAE run folder.</summary>
    public string LamaeRun { get; }

    /// <summary>A micro contrastive run folder (no decoder).</summary>
    public string ContrastiveRun { get; }

    /// <summary>A folder for one test's outputs.</summary>
    public string NewFolder() => Directory.CreateDirectory(Path.Combine(dir.Path, $"out-{Guid.NewGuid():N}")).FullName;

    public void Dispose() => dir.Dispose();
}

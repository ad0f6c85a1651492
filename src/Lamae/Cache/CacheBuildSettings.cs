namespace Lamae.Cache;

/// <summary>
/// What a cache is built from and how. A build resumes only with identical settings; they are stored in the cache
/// (build.json while building, then in the manifest).
/// </summary>
/// <param name="Dataset">Dataset kind: one of <see cref="Lamae.Io.Datasets.DatasetKinds.CacheSources"/>.</param>
/// <param name="Root">Dataset folder (for synthetic: empty).</param>
/// <param name="Rate">Sampling rate of the cached signals (Hz).</param>
/// <param name="Seconds">Length of each cached record (s): the pipeline crops or pads to it.</param>
/// <param name="Pipeline">The preprocessing pipeline in JSON (<see cref="Lamae.Signal.PreprocessingPipeline.ToJson"/>).</param>
/// <param name="Storage">Sample storage type.</param>
/// <param name="ShardBytes">Target shard size.</param>
/// <param name="SyntheticCount">For the synthetic kind: how many ECGs.</param>
/// <param name="SyntheticRate">For the synthetic kind: the simulation rate (Hz) before preprocessing.</param>
/// <param name="Seed">For the synthetic kind: the simulation seed.</param>
/// <param name="Npy">For the npy kind: rate, unit and layout given on the command line (null, and not written, otherwise).</param>
/// <param name="Difficulty">For the synthetic kind: the simulation's difficulty. Not written when Standard, so caches made
/// before difficulties existed read back, and resume, as Standard, which is what made them.</param>
public sealed record CacheBuildSettings(
    string Dataset,
    string Root,
    double Rate,
    double Seconds,
    string Pipeline,
    CacheStorage Storage = CacheStorage.Float16,
    long ShardBytes = 64L << 20,
    int SyntheticCount = 0,
    double SyntheticRate = 500,
    int Seed = 0,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    Lamae.Io.Datasets.NpyOptions? Npy = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    Lamae.Synthetic.SimulationDifficulty Difficulty = Lamae.Synthetic.SimulationDifficulty.Standard)
{
    /// <summary>Samples per lead in the cache.</summary>
    public int Samples => (int)Math.Round(Rate * Seconds);
}

using Lamae.Cache;
using Lamae.Models;

namespace Lamae.Training;

/// <summary>Which model a run trains: its registry name and hyper-parameters, enough to rebuild it (nanoGPT's model_args).</summary>
/// <param name="Name">The model's name in <see cref="ModelRegistry"/> (a stand-in model in tests may use its own).</param>
/// <param name="Config">Its hyper-parameters.</param>
public sealed record ModelSpec(string Name, ModelConfig Config)
{
    /// <summary>A new model of this kind with weights from torch's global generator.</summary>
    public PretrainModel Create() => ModelRegistry.Create(Name, Config);
}

/// <summary>The cache a run read: where it was, and what identifies its contents.</summary>
/// <param name="Directory">The cache folder when the run started.</param>
/// <param name="PipelineHash">Hash of the preprocessing pipeline the cache was built with.</param>
/// <param name="IndexSha256">SHA-256 of the cache index (records, patients, splits, labels).</param>
/// <param name="Records">Records in the cache.</param>
public sealed record CacheIdentity(string Directory, string PipelineHash, string IndexSha256, int Records)
{
    /// <summary>The identity of an open cache.</summary>
    public static CacheIdentity Of(EcgCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return new CacheIdentity(cache.Directory, cache.Manifest.PipelineHash, cache.Manifest.IndexSha256, cache.Manifest.Records);
    }
}

/// <summary>
/// Everything that made a run, as stored in its folder's config.json and in every checkpoint: the model, the training
/// options (resolved: the crop the model needs is filled in) and the cache.
/// </summary>
/// <param name="Model">The model kind and hyper-parameters.</param>
/// <param name="Pretrain">How it was trained.</param>
/// <param name="Cache">What it was trained on.</param>
public sealed record RunConfig(ModelSpec Model, PretrainOptions Pretrain, CacheIdentity Cache);

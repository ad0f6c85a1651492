using Lamae.Core;
using Lamae.Signal;

namespace Lamae.Cache;

/// <summary>What `lamae cache inspect` shows about a cache: counts, shape, provenance, lead coverage, splits, labels, damage.</summary>
/// <param name="Cache">The cache folder.</param>
/// <param name="Records">Records cached.</param>
/// <param name="Failures">Source records that could not be cached (listed in failures.json).</param>
/// <param name="Subjects">Distinct patients among the records.</param>
/// <param name="Rate">Sampling rate of the cached signals (Hz).</param>
/// <param name="Samples">Samples per lead.</param>
/// <param name="Seconds">Length of each record (s).</param>
/// <param name="Storage">Sample type.</param>
/// <param name="Shards">Shard files.</param>
/// <param name="DiskBytes">Bytes of every file in the cache folder.</param>
/// <param name="Pipeline">The preprocessing pipeline in its command-line syntax.</param>
/// <param name="PipelineHash">Hash of the pipeline the samples went through.</param>
/// <param name="Source">Dataset kind and folder the cache was built from.</param>
/// <param name="CodeVersion">Lamae version that built the cache.</param>
/// <param name="CreatedUtc">When the build finished.</param>
/// <param name="LeadCoverage">Records that hold each lead, by canonical lead name in canonical order.</param>
/// <param name="FlatLeads">Records in which each lead is flat, by canonical lead name in canonical order.</param>
/// <param name="Splits">Records per split, in split order.</param>
/// <param name="Labels">Records per label code, most frequent first (as the manifest holds them).</param>
/// <param name="DamagedShards">Shards whose payload checksum does not match (checked only when asked).</param>
public sealed record CacheSummary(
    string Cache,
    int Records,
    int Failures,
    int Subjects,
    double Rate,
    int Samples,
    double Seconds,
    CacheStorage Storage,
    int Shards,
    long DiskBytes,
    string Pipeline,
    string PipelineHash,
    string Source,
    string CodeVersion,
    DateTime CreatedUtc,
    IReadOnlyDictionary<string, int> LeadCoverage,
    IReadOnlyDictionary<string, int> FlatLeads,
    IReadOnlyDictionary<string, int> Splits,
    IReadOnlyDictionary<string, int> Labels,
    IReadOnlyList<string> DamagedShards)
{
    /// <summary>Summarises the open <paramref name="cache"/>; <paramref name="verify"/> also re-reads every shard and checks its checksum.</summary>
    public static CacheSummary Of(EcgCache cache, bool verify)
    {
        ArgumentNullException.ThrowIfNull(cache);
        IReadOnlyList<string> damaged = verify ? cache.VerifyShards() : [];
        CacheManifest m = cache.Manifest;
        IReadOnlyList<CacheRecord> records = cache.Records;
        return new CacheSummary(
            cache.Directory,
            m.Records,
            m.Failures,
            records.Select(r => r.SubjectId).Distinct(StringComparer.Ordinal).Count(),
            m.Settings.Rate,
            m.Samples,
            m.Settings.Seconds,
            m.Settings.Storage,
            m.Shards,
            Directory.GetFiles(cache.Directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length),
            PreprocessingPipeline.FromJson(m.Settings.Pipeline).ToString(),
            m.PipelineHash,
            $"{m.Settings.Dataset} {m.Settings.Root}".Trim(),
            m.CodeVersion,
            m.CreatedUtc,
            Leads.All.ToDictionary(l => l.Name(), l => records.Count(r => r.Has(l))),
            Leads.All.ToDictionary(l => l.Name(), l => records.Count(r => (r.FlatMask & (1 << (int)l)) != 0)),
            records.GroupBy(r => r.Split).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count()),
            m.LabelCounts,
            damaged);
    }
}

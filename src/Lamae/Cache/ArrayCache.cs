using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Signal;

namespace Lamae.Cache;

/// <summary>
/// Writes a finished float16 cache from records and samples held in memory, with the same shard, index and manifest
/// writers as the cache builder: for tests, benchmarks and small generated sets that need no dataset or preprocessing.
/// </summary>
public static class ArrayCache
{
    /// <summary>Pipeline hash written into the shards and manifest of an array cache.</summary>
    public const string PipelineHash = "arrays";

    /// <summary>
    /// Writes <paramref name="records"/> to the cache folder <paramref name="dir"/>, <paramref name="recordsPerShard"/> to a shard.
    /// <paramref name="samplesOf"/>(i) gives record i's [leads, samples] values, stored as they are (as float16).
    /// Each record's Shard and Slot are set by the writer; returns the manifest.
    /// </summary>
    public static CacheManifest Write(string dir, IReadOnlyList<CacheRecord> records, int leads, int samples, Func<int, float[]> samplesOf,
        int recordsPerShard = 256, double rate = 100)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(samplesOf);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordsPerShard);
        Directory.CreateDirectory(Path.Combine(dir, "shards"));
        int stride = leads * samples;
        int shards = (records.Count + recordsPerShard - 1) / recordsPerShard;
        var placed = new List<CacheRecord>(records.Count);
        for (int s = 0; s < shards; s++)
        {
            int first = s * recordsPerShard;
            int count = Math.Min(recordsPerShard, records.Count - first);
            var payload = new Half[count * stride];
            for (int k = 0; k < count; k++)
            {
                float[] values = samplesOf(first + k);
                if (values.Length != stride)
                {
                    throw new ArgumentException($"record {first + k} has {values.Length} values, not {leads} x {samples}", nameof(samplesOf));
                }

                for (int j = 0; j < stride; j++)
                {
                    payload[(k * stride) + j] = (Half)values[j];
                }

                placed.Add(records[first + k] with { Shard = s, Slot = k, Scale = 1 });
            }

            // Half is stored little-endian by the shard format, which is this machine's order (x64, Arm64).
            ShardFile.Write(EcgCache.ShardPath(dir, s), new ShardHeader(CacheStorage.Float16, leads, samples, count, first, PipelineHash, 0),
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(payload.AsSpan()));
        }

        string sha = CacheIndexFile.Write(Path.Combine(dir, "index.bin"), placed, []);
        var labelCounts = placed.SelectMany(r => r.Labels).GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        // The values are stored as they are: the empty pipeline, in the JSON every cache's settings hold (so inspection reads it).
        string pipeline = new PreprocessingPipeline([]).ToJson();
        var manifest = new CacheManifest(CacheManifest.CurrentVersion, new CacheBuildSettings(DatasetKinds.Synthetic, string.Empty, rate, samples / rate, pipeline),
            PipelineHash, leads, samples, placed.Count, 0, shards, sha, "arrays", DateTime.UtcNow, labelCounts);
        manifest.Write(dir);
        return manifest;
    }

    /// <summary>An index entry for <see cref="Write"/> (Shard and Slot are filled in by the writer).</summary>
    public static CacheRecord Record(string recordId, string subjectId, ushort leadMask, int fold, DatasetSplit split, IReadOnlyList<string>? labels = null, ushort flatMask = 0) =>
        new(recordId, subjectId, 0, 0, leadMask, flatMask, 0, 1, fold, split, labels ?? [], null, Sex.Unknown);
}

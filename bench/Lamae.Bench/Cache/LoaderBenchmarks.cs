using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Lamae.Cache;
using Lamae.Io.Datasets;
using Lamae.Runtime;

namespace Lamae.Bench.Cache;

/// <summary>
/// Batch loader throughput: one epoch of 64-ECG batches from a synthetic float16 cache of 5,000 records [12, 1000]
/// (120 MB, page-cached after the first epoch), random crops and absent-lead chance on, consumer only disposing batches.
/// Op/s is batches per second. Run: dotnet run -c Release --project bench/Lamae.Bench -- --filter '*LoaderBenchmarks*'
/// </summary>
[Config(typeof(BatchesPerSecond))]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in GlobalCleanup, BenchmarkDotNet's lifetime hook.")]
public class LoaderBenchmarks
{
    private const int Records = 5000, Leads12 = 12, Samples = 1000, Batch = 64, Batches = Records / Batch, EpochsPerInvoke = 4;

    private string folder = null!;
    private EcgCache cache = null!;
    private EcgBatchLoader loader = null!;
    private int epoch;

    /// <summary>Samples per crop (1000: the whole record, no crop).</summary>
    [Params(500, 1000)]
    public int Crop { get; set; }

    /// <summary>Threads reading one batch.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.Configure(1);
        folder = Directory.CreateTempSubdirectory("lamae-bench-cache-").FullName;
        var rng = new Random(1);
        var values = new float[Leads12 * Samples];
        CacheRecord[] records = Enumerable.Range(0, Records)
            .Select(i => ArrayCache.Record($"r{i}", $"p{i / 2}", 0x0FFF, i % 10, DatasetSplit.Train)).ToArray();
        ArrayCache.Write(folder, records, Leads12, Samples, _ =>
        {
            for (int j = 0; j < values.Length; j++)
            {
                values[j] = (float)((rng.NextDouble() * 4) - 2);
            }

            return values;
        }, recordsPerShard: 1000);
        cache = EcgCache.Open(folder);
        loader = new EcgBatchLoader(cache, RecordFilter.All, new LoaderOptions { BatchSize = Batch, CropSamples = Crop, AbsentLeadChance = 0.2, Threads = Threads });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        loader.Dispose();
        cache.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Batches * EpochsPerInvoke, Description = "64 x [12, T] batches")]
    public long Epoch()
    {
        long n = 0;
        for (int e = 0; e < EpochsPerInvoke; e++)
        {
            foreach (EcgBatch b in loader.Epoch(epoch++))
            {
                n += b.Count;
                b.Dispose();
            }
        }

        return n;
    }

    private sealed class BatchesPerSecond : ManualConfig
    {
        public BatchesPerSecond() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}

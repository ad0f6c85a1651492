using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Lamae.Core;
using Lamae.Io.Wfdb;

namespace Lamae.Bench.Io;

/// <summary>
/// Format-16 decode throughput next to a plain memory copy of the same bytes, in one run (issue: decode at least
/// half of memcpy bandwidth). The input is 100 MIMIC-sized records (12 leads x 5000 samples x 2 bytes = 12 MB),
/// so it does not sit in the L2 cache. `ReadRecord` is the whole reader path on one page-cached 120 KB record file:
/// open, decode, de-interleave, convert to mV, checksums.
/// Run: dotnet run -c Release --project bench/Lamae.Bench -- --filter '*WfdbDecode*'
/// </summary>
[Config(typeof(Throughput))]
public class WfdbDecodeBenchmarks
{
    private const int Leads12 = 12, Samples = 5000, Records = 100;
    private const long Bytes = 2L * Leads12 * Samples * Records;

    private byte[] input = null!;
    private byte[] copy = null!;
    private int[] samples = null!;
    private string folder = null!;
    private string header = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        input = new byte[Bytes];
        rng.NextBytes(input);
        copy = new byte[Bytes];
        samples = new int[Bytes / 2];
        folder = Directory.CreateTempSubdirectory("lamae-bench-").FullName;
        var leads = Leads.All.ToDictionary(l => l, _ => Enumerable.Range(0, Samples).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray());
        header = WfdbWriter.Write(folder, "bench", Ecg.FromLeads(500, leads, new EcgMetadata("bench")), new WfdbWriteOptions(Gain: 200));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [Benchmark(Baseline = true, Description = "memcpy 12 MB")]
    public void Memcpy() => input.AsSpan().CopyTo(copy);

    [Benchmark(Description = "decode format 16, 12 MB")]
    public void Decode16() => WfdbSignalFormat.Decode(16, input, samples);

    [Benchmark(Description = "read record 12x5000 (120 KB)", OperationsPerInvoke = 1)]
    public float ReadRecord() => WfdbReader.Read(header).Signals[0].Physical[0];

    private sealed class Throughput : ManualConfig
    {
        public Throughput() =>
            AddColumn(new ThroughputColumn("MB/s", c => c.Descriptor.WorkloadMethod.Name == nameof(ReadRecord) ? 2L * Leads12 * Samples : Bytes));
    }
}

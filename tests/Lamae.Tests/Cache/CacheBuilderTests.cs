using Lamae.Cache;
using Lamae.Core;
using Lamae.Io.Wfdb;
using Lamae.Signal;
using Lamae.Synthetic;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cache;

public sealed class CacheBuilderTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    private static CacheBuildSettings Synthetic(int count = 40, CacheStorage storage = CacheStorage.Float16, long shardBytes = 100_000) =>
        new("synthetic", string.Empty, 100, 10, PreprocessingPipeline.Default(100, 10).ToJson(), storage, shardBytes, count, 250, Seed: 3);

    [Theory]
    [InlineData(CacheStorage.Float16)]
    [InlineData(CacheStorage.Int16)]
    public void Values_read_back_equal_the_preprocessed_values_within_storage_precision(CacheStorage storage)
    {
        CacheBuildSettings settings = Synthetic(storage: storage);
        string cacheDir = Path.Combine(dir.Path, "c");

        CacheManifest m = CacheBuilder.Build(settings, cacheDir, threads: 2);

        Assert.Equal(40, m.Records);
        Assert.True(m.Shards > 1, "several shards");
        using EcgCache cache = EcgCache.Open(cacheDir);
        CacheSource source = CacheSource.Open(settings);
        PreprocessingPipeline pipeline = CacheBuilder.ParsePipeline(settings);
        var buffer = new float[12 * 1000];
        for (int i = 0; i < cache.Records.Count; i += 7)
        {
            (SourceRecord facts, Ecg ecg) = source.Load(i);
            Ecg expected = pipeline.Apply(ecg).Ecg;
            cache.Read(i, buffer);
            CacheRecord r = cache.Records[i];
            Assert.Equal(facts.RecordId, r.RecordId);
            Assert.Equal(facts.Labels, r.Labels);
            ReadOnlySpan<float> want = expected.Data;
            for (int k = 0; k < want.Length; k++)
            {
                // float16: 11 significant bits; int16: half a step of max|x| / 32767.
                double tolerance = storage == CacheStorage.Float16 ? (Math.Abs(want[k]) * 0.0005) + 6e-8 : (r.Scale / 2) + 1e-7;
                Assert.True(Math.Abs(buffer[k] - want[k]) <= tolerance, $"record {i} value {k}: {buffer[k]} vs {want[k]}");
            }
        }
    }

    [Fact]
    public void An_interrupted_build_resumes_to_a_cache_identical_to_an_uninterrupted_one()
    {
        CacheBuildSettings settings = Synthetic(count: 30, shardBytes: 50_000);   // 2 records per shard: 15 shards
        string whole = Path.Combine(dir.Path, "whole"), resumed = Path.Combine(dir.Path, "resumed");
        CacheBuilder.Build(settings, whole, threads: 2);

        using (var cts = new CancellationTokenSource())
        {
            Assert.ThrowsAny<OperationCanceledException>(() =>
                CacheBuilder.Build(settings, resumed, threads: 2, shardWritten: k =>
                {
                    if (k == 4)
                    {
                        cts.Cancel();
                    }
                }, cancel: cts.Token));
        }

        // What a kill -9 mid-write leaves behind: a temporary file and a shard without its index part.
        string shard6 = EcgCache.ShardPath(resumed, 6);
        File.WriteAllBytes(Path.Combine(Path.GetDirectoryName(shard6)!, $".{Path.GetFileName(shard6)}.1234.{Guid.Empty:N}.tmp"), new byte[123]);
        File.Copy(EcgCache.ShardPath(resumed, 0), EcgCache.ShardPath(resumed, 7));
        Assert.False(File.Exists(Path.Combine(resumed, CacheManifest.FileName)));
        Assert.Throws<CacheException>(() => EcgCache.Open(resumed));   // unfinished: not openable
        var rebuilt = new List<int>();

        CacheBuilder.Build(settings, resumed, threads: 1, shardWritten: rebuilt.Add);

        Assert.Equal(Enumerable.Range(5, 10), rebuilt);   // shards 0-4 were kept
        foreach (string f in Directory.GetFiles(whole, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(CacheManifest.FileName, StringComparison.Ordinal)))
        {
            Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(resumed, Path.GetRelativePath(whole, f))));
        }

        CacheManifest a = CacheManifest.Read(whole), b = CacheManifest.Read(resumed);
        Assert.Equal(a with { CreatedUtc = default, LabelCounts = null! }, b with { CreatedUtc = default, LabelCounts = null! });
        Assert.Equal(a.LabelCounts, b.LabelCounts);
        Assert.DoesNotContain(Directory.GetFiles(resumed, "*.tmp", SearchOption.AllDirectories), f => !f.Contains("shard-00006", StringComparison.Ordinal));
    }

    [Fact]
    public void Records_that_fail_are_reported_with_the_reason_and_the_build_goes_on()
    {
        string data = Path.Combine(dir.Path, "data");
        var rng = new Random(1);
        for (int i = 0; i < 5; i++)
        {
            var leads = Leads.All.ToDictionary(l => l, _ => Enumerable.Range(0, 5000).Select(t => (float)Math.Sin((t / 50.0) + rng.NextDouble())).ToArray());
            WfdbWriter.Write(data, $"r{i}", Ecg.FromLeads(500, leads, new EcgMetadata($"r{i}")));
        }

        File.Delete(Path.Combine(data, "r2.dat"));
        var settings = new CacheBuildSettings("folder", data, 100, 10, PreprocessingPipeline.Default(100, 10).ToJson());

        CacheManifest m = CacheBuilder.Build(settings, Path.Combine(dir.Path, "c"), threads: 2);

        Assert.Equal((4, 1), (m.Records, m.Failures));
        using EcgCache cache = EcgCache.Open(Path.Combine(dir.Path, "c"));
        CacheFailure f = Assert.Single(cache.Failures);
        Assert.Equal("r2", f.RecordId);
        Assert.Contains("r2.dat", f.Reason, StringComparison.Ordinal);
        Assert.Contains("r2.dat", File.ReadAllText(Path.Combine(dir.Path, "c", "failures.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_holding_another_build_is_refused_and_a_finished_one_is_reused()
    {
        string cacheDir = Path.Combine(dir.Path, "c");
        CacheBuildSettings settings = Synthetic(count: 4);
        CacheManifest first = CacheBuilder.Build(settings, cacheDir, threads: 2);

        CacheManifest again = CacheBuilder.Build(settings, cacheDir, threads: 2);
        var ex = Assert.Throws<CacheException>(() => CacheBuilder.Build(settings with { Rate = 250 }, cacheDir, threads: 2));

        Assert.Equal((first.IndexSha256, first.CreatedUtc, first.Records), (again.IndexSha256, again.CreatedUtc, again.Records));
        Assert.Contains("other settings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Splits_never_put_one_patient_in_two_splits()
    {
        string cacheDir = Path.Combine(dir.Path, "c");
        CacheBuilder.Build(Synthetic(count: 120), cacheDir, threads: 2);

        using EcgCache cache = EcgCache.Open(cacheDir);

        Assert.True(cache.Records.GroupBy(r => r.SubjectId).Any(g => g.Count() > 1), "several ECGs per patient");
        Assert.All(cache.Records.GroupBy(r => r.SubjectId), g => Assert.Single(g.Select(r => r.Split).Distinct()));
        Assert.Equal(3, cache.Records.Select(r => r.Split).Distinct().Count());
    }

    [Fact]
    public void Datasets_without_folds_get_stable_hash_folds_by_patient()
    {
        Assert.Equal(PatientFolds.HashFold("patient-17"), PatientFolds.HashFold("patient-17"));
        var folds = Enumerable.Range(0, 2000).Select(i => PatientFolds.HashFold($"p{i}")).GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, folds.Count);
        Assert.All(folds.Values, n => Assert.InRange(n, 150, 250));
    }
}

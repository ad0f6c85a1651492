using Lamae.Cache;
using Lamae.Io.Datasets;
using Lamae.Signal;
using Lamae.Tests.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cache;

/// <summary>
/// A cache built from a corpus (issue 17): no record twice, neither the same file nor the same ECG stored by two datasets
/// (CinC's HR00001 is PTB-XL's record 1); per-source counts with reasons; the same cache when built twice; folds by each
/// source's own rule.
/// </summary>
public sealed class CorpusCacheTests : IDisposable
{
    private readonly TempFolder temp = Fixtures.Temp();
    private readonly string corpus;

    public CorpusCacheTests()
    {
        corpus = Path.Combine(temp.Path, CorpusSpec.FileName);
        File.WriteAllText(corpus, CorpusDatasetTests.Sources(("ptbxl", "ptbxl", "ptbxl"), ("cinc", "cinc", "cinc"), ("ludb", "folder", "ludb"), ("again", "ptbxl", "ptbxl")));
    }

    public void Dispose() => temp.Dispose();

    private EcgCache Build(string name)
    {
        var settings = new CacheBuildSettings(DatasetKinds.Corpus, corpus, 100, 10, PreprocessingPipeline.Default(100, 10).ToJson());
        string dir = Path.Combine(temp.Path, name);
        CacheBuilder.Build(settings, dir, threads: 2);
        return EcgCache.Open(dir);
    }

    [Fact]
    public void No_ecg_is_in_the_cache_twice_and_each_source_says_what_it_gave_and_lost()
    {
        using EcgCache cache = Build("cache");

        Assert.Contains(cache.Records, r => r.RecordId == "ptbxl/1");
        Assert.DoesNotContain(cache.Records, r => r.RecordId is "cinc/HR00001" or "again/1");
        CacheFailure sameEcg = Assert.Single(cache.Failures, f => f.RecordId == "cinc/HR00001");
        Assert.Contains("the same ECG as ptbxl/1", sameEcg.Reason, StringComparison.Ordinal);
        Assert.Contains("the same file as ptbxl/1", Assert.Single(cache.Failures, f => f.RecordId == "again/1").Reason, StringComparison.Ordinal);
        Assert.Equal(cache.Records.Count, cache.Records.Select(r => r.RecordId).Distinct().Count());
        Assert.Equal(File.ReadAllText(corpus), File.ReadAllText(Path.Combine(cache.Directory, CorpusSpec.FileName)));

        IReadOnlyList<CorpusSourceCounts> counts = CorpusSourceCounts.Of(cache);
        Assert.Equal(["ptbxl", "cinc", "ludb", "again"], counts.Select(c => c.Source));
        Assert.Equal((1, 0), (counts[0].Records, counts[0].Refused));
        Assert.Equal(1, counts[1].Refused);
        Assert.Equal((0, 1), (counts[3].Records, counts[3].Refused));
    }

    [Fact]
    public void Every_other_pair_of_records_is_far_from_the_threshold()
    {
        using EcgCache cache = Build("cache");

        // The duplicate check found exactly the one pair, and no record of the cache repeats another.
        Assert.Empty(CacheDuplicates.Find(cache.Directory, cache.Records, cache.Samples));
    }

    [Fact]
    public void Building_twice_gives_the_same_cache_and_folds_follow_each_source()
    {
        using EcgCache a = Build("a");
        using EcgCache b = Build("b");

        Assert.Equal(a.Manifest.IndexSha256, b.Manifest.IndexSha256);
        Assert.Equal(File.ReadAllBytes(EcgCache.ShardPath(a.Directory, 0)), File.ReadAllBytes(EcgCache.ShardPath(b.Directory, 0)));
        Assert.Equal(3, a.Records.Single(r => r.RecordId == "ptbxl/1").Fold);  // PTB-XL's strat_fold
        Assert.All(a.Records.Where(r => r.RecordId.StartsWith("ludb/", StringComparison.Ordinal)),
            r => Assert.Equal(PatientFolds.HashFold(r.SubjectId), r.Fold));
    }
}

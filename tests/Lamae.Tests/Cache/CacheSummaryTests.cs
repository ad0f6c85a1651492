using Lamae.Cache;

namespace Lamae.Tests.Cache;

public class CacheSummaryTests
{
    [Fact]
    public void Counts_coverage_splits_labels_and_size_match_how_the_fixture_was_written()
    {
        using var fx = new CacheFixture(count: 30, samples: 100, recordsPerShard: 8);

        CacheSummary s = CacheSummary.Of(fx.Cache, verify: true);

        // CacheFixture: 3 records per subject, subject k in fold k % 10 (0-7 train, 8 validation, 9 test),
        // records 0, 5, ... 25 limb leads only, records 0, 7, ... 28 a flat V2, label L(i % 4).
        Assert.Equal((30, 0, 10), (s.Records, s.Failures, s.Subjects));
        Assert.Equal((100.0, 100, 1.0, CacheStorage.Float16, 4), (s.Rate, s.Samples, s.Seconds, s.Storage, s.Shards));
        Assert.Equal(["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"], s.LeadCoverage.Keys);
        Assert.Equal([30, 30, 30, 30, 30, 30, 24, 24, 24, 24, 24, 24], s.LeadCoverage.Values);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0], s.FlatLeads.Values);
        Assert.Equal([("Train", 24), ("Validation", 3), ("Test", 3)], s.Splits.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(new Dictionary<string, int> { ["L0"] = 8, ["L1"] = 8, ["L2"] = 7, ["L3"] = 7 }, s.Labels);
        Assert.Equal("synthetic", s.Source);   // an array cache names no folder
        Assert.Equal("none", s.Pipeline);      // and stores its values as they are
        Assert.Empty(s.DamagedShards);

        // Four shards of a 64-byte header and 8, 8, 8 and 6 records of 12 x 100 float16 values, the index and the manifest.
        long shards = (4 * ShardHeader.Size) + (30 * 12 * 100 * 2);
        long rest = new FileInfo(Path.Combine(fx.Dir, "index.bin")).Length + new FileInfo(Path.Combine(fx.Dir, CacheManifest.FileName)).Length;
        Assert.Equal(shards + rest, s.DiskBytes);
    }

    [Fact]
    public void A_damaged_shard_is_listed_only_when_verification_is_asked_for()
    {
        using var fx = new CacheFixture();
        string shard = EcgCache.ShardPath(fx.Dir, 2);
        byte[] bytes = File.ReadAllBytes(shard);
        bytes[ShardHeader.Size + 10] ^= 0x01;
        File.WriteAllBytes(shard, bytes);

        Assert.Empty(CacheSummary.Of(fx.Cache, verify: false).DamagedShards);
        Assert.Equal([shard], CacheSummary.Of(fx.Cache, verify: true).DamagedShards);
    }
}

using Lamae.Cache;
using Lamae.Signal;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cache;

/// <summary>Damaged caches are detected with one clear error naming the file, never read as garbage.</summary>
public sealed class CacheCorruptionTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();
    private readonly string cache;

    public CacheCorruptionTests()
    {
        cache = Path.Combine(dir.Path, "c");
        var settings = new CacheBuildSettings("synthetic", string.Empty, 100, 10, PreprocessingPipeline.Default(100, 10).ToJson(),
            ShardBytes: 100_000, SyntheticCount: 12, SyntheticRate: 250, Seed: 1);
        CacheBuilder.Build(settings, cache, threads: 2);
    }

    public void Dispose() => dir.Dispose();

    [Fact]
    public void A_truncated_shard_is_named()
    {
        string shard = EcgCache.ShardPath(cache, 1);
        using (var fs = new FileStream(shard, FileMode.Open))
        {
            fs.SetLength(fs.Length - 1000);
        }

        var ex = Assert.Throws<CacheException>(() => EcgCache.Open(cache));

        Assert.StartsWith(shard, ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_index_is_detected()
    {
        string index = Path.Combine(cache, "index.bin");
        byte[] bytes = File.ReadAllBytes(index);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(index, bytes);

        var ex = Assert.Throws<CacheException>(() => EcgCache.Open(cache));

        Assert.Contains("index", ex.Message, StringComparison.Ordinal);
        Assert.Contains("edited or damaged", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_sample_byte_is_found_by_verification()
    {
        string shard = EcgCache.ShardPath(cache, 0);
        byte[] bytes = File.ReadAllBytes(shard);
        bytes[ShardHeader.Size + 100] ^= 0x01;
        File.WriteAllBytes(shard, bytes);

        using EcgCache c = EcgCache.Open(cache);   // sizes and headers are fine

        Assert.Equal([shard], c.VerifyShards());
    }

    [Fact]
    public void A_missing_shard_manifest_or_garbage_header_is_named()
    {
        File.Move(Path.Combine(cache, "manifest.json"), Path.Combine(cache, "manifest.bak"));
        Assert.Contains("has not finished", Assert.Throws<CacheException>(() => EcgCache.Open(cache)).Message, StringComparison.Ordinal);
        File.Move(Path.Combine(cache, "manifest.bak"), Path.Combine(cache, "manifest.json"));

        string shard = EcgCache.ShardPath(cache, 0);
        byte[] bytes = File.ReadAllBytes(shard);
        bytes[0] = (byte)'X';
        File.WriteAllBytes(shard, bytes);
        Assert.Contains("bad magic", Assert.Throws<CacheException>(() => EcgCache.Open(cache)).Message, StringComparison.Ordinal);

        File.Delete(shard);
        Assert.Contains("shard file missing", Assert.Throws<CacheException>(() => EcgCache.Open(cache)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_manifest_is_named()
    {
        File.WriteAllText(Path.Combine(cache, "manifest.json"), "{ not json");

        var ex = Assert.Throws<CacheException>(() => EcgCache.Open(cache));

        Assert.Contains("manifest is damaged", ex.Message, StringComparison.Ordinal);
    }
}

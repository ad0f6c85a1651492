using Lamae.Cache;
using Lamae.Signal;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cache;

/// <summary>A real `kill -9` of `lamae cache build` part-way, then a resume: the cache equals an uninterrupted build.</summary>
public sealed class CacheKillResumeTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_build_killed_part_way_resumes_to_an_identical_cache()
    {
        string killed = Path.Combine(dir.Path, "killed"), whole = Path.Combine(dir.Path, "whole");
        string[] args = ["cache", "build", "--dataset", "synthetic", "--count", "240", "--sim-rate", "250", "--shard-mb", "1", "--seed", "8", "--threads", "2"];
        // The child is killed from the event that shows the second finished shard (renamed into place last of a shard's
        // files), while 4 of the 6 shards are still to be built.
        string shards = Path.Combine(killed, "shards");
        KilledRunResult child = await KilledRun.RunAsync(args.Concat(["--out", killed]), shards, _ => Directory.GetFiles(shards, "*.bin").Length >= 2);

        Assert.True(child.Killed, $"the build ended (exit code {child.ExitCode}) before two shards were written: {child.Stderr}");
        Assert.False(File.Exists(Path.Combine(killed, CacheManifest.FileName)), "the build finished before it could be killed");
        Assert.True(Directory.GetFiles(Path.Combine(killed, "shards"), "*.bin").Length >= 2);

        CacheBuildSettings settings = new("synthetic", string.Empty, 100, 10, PreprocessingPipeline.Default(100, 10).ToJson(),
            CacheStorage.Float16, 1L << 20, 240, 250, 8);
        CacheBuilder.Build(settings, killed, threads: 2);
        CacheBuilder.Build(settings, whole, threads: 2);

        foreach (string f in Directory.GetFiles(whole, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(CacheManifest.FileName, StringComparison.Ordinal)))
        {
            Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(killed, Path.GetRelativePath(whole, f))));
        }

        using EcgCache cache = EcgCache.Open(killed);
        Assert.Equal(240, cache.Records.Count);
    }
}

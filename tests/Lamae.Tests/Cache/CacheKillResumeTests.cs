using System.Diagnostics;
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
    public void A_build_killed_part_way_resumes_to_an_identical_cache()
    {
        string killed = Path.Combine(dir.Path, "killed"), whole = Path.Combine(dir.Path, "whole");
        string[] args = ["cache", "build", "--dataset", "synthetic", "--count", "240", "--sim-rate", "250", "--shard-mb", "1", "--seed", "8", "--threads", "2"];
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Lamae.Cli.dll"));
        foreach (string a in args.Concat(["--out", killed]))
        {
            start.ArgumentList.Add(a);
        }

        using (Process p = Process.Start(start)!)
        {
            var clock = Stopwatch.StartNew();
            string shards = Path.Combine(killed, "shards");
            while (!(Directory.Exists(shards) && Directory.GetFiles(shards, "*.bin").Length >= 2) && clock.Elapsed < TimeSpan.FromSeconds(60) && !p.HasExited)
            {
                Thread.Sleep(10);
            }

            p.Kill(entireProcessTree: true);   // SIGKILL: no clean-up runs
            p.WaitForExit();
        }

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

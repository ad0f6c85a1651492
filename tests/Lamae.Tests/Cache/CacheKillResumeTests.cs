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
    public async Task A_build_killed_part_way_resumes_to_an_identical_cache()
    {
        string killed = Path.Combine(dir.Path, "killed"), whole = Path.Combine(dir.Path, "whole");
        string[] args = ["cache", "build", "--dataset", "synthetic", "--count", "240", "--sim-rate", "250", "--shard-mb", "1", "--seed", "8", "--threads", "2"];
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Lamae.Cli.dll"));
        foreach (string a in args.Concat(["--out", killed]))
        {
            start.ArgumentList.Add(a);
        }

        // The kill waits on file-system events, not a clock: the shard folder is watched from before the build starts,
        // and the child is killed from the event that shows the second finished shard (renamed into place last of a
        // shard's files), while 4 of the 6 shards are still to be built.
        string shards = Path.Combine(killed, "shards");
        Directory.CreateDirectory(shards);
        using var child = new Process { StartInfo = start };
        var killedAfterTwoShards = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int kills = 0;
        void OnShardFolderChanged(object? sender, EventArgs e)
        {
            if (Directory.GetFiles(shards, "*.bin").Length >= 2 && Interlocked.Exchange(ref kills, 1) == 0)
            {
                try
                {
                    child.Kill(entireProcessTree: true);   // SIGKILL: no clean-up runs
                    killedAfterTwoShards.TrySetResult();
                }
                catch (InvalidOperationException)
                {
                    // It had ended by itself; the asserts below say how.
                }
            }
        }

        using var watcher = new FileSystemWatcher(shards) { NotifyFilter = NotifyFilters.FileName };
        watcher.Created += OnShardFolderChanged;
        watcher.Renamed += OnShardFolderChanged;
        watcher.Error += OnShardFolderChanged;   // a lost event: look at the folder anyway
        watcher.EnableRaisingEvents = true;
        child.Start();
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        _ = child.StandardOutput.ReadToEndAsync();
        await Task.WhenAny(killedAfterTwoShards.Task, child.WaitForExitAsync());
        await child.WaitForExitAsync();
        watcher.EnableRaisingEvents = false;

        Assert.True(killedAfterTwoShards.Task.IsCompleted, $"the build ended (exit code {child.ExitCode}) before two shards were written: {await stderr}");
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

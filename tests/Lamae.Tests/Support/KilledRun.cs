using System.Diagnostics;

namespace Lamae.Tests.Support;

/// <summary>How a killed run ended: whether the kill landed, the exit code, and what it wrote on stderr.</summary>
internal sealed record KilledRunResult(bool Killed, int ExitCode, string Stderr);

/// <summary>
/// Runs the built lamae (Lamae.Cli.dll beside the tests) as a child process and kills it with SIGKILL (no clean-up runs)
/// from a file-system event in a watched folder: the first event for which <c>when</c> holds. The kill waits on events,
/// not a clock, so it lands at the same point of the work on any machine.
/// </summary>
internal static class KilledRun
{
    /// <summary>Runs <paramref name="args"/>; <paramref name="when"/> sees each created or renamed file in <paramref name="watched"/> (null: an event was lost, look anyway).</summary>
    public static async Task<KilledRunResult> RunAsync(IEnumerable<string> args, string watched, Func<FileSystemEventArgs?, bool> when)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Lamae.Cli.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        Directory.CreateDirectory(watched);
        using var child = new Process { StartInfo = start };
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int kills = 0;
        void OnEvent(FileSystemEventArgs? e)
        {
            if (when(e) && Interlocked.Exchange(ref kills, 1) == 0)
            {
                try
                {
                    child.Kill(entireProcessTree: true);
                    killed.TrySetResult();
                }
                catch (InvalidOperationException)
                {
                    // It had ended by itself; the result says how.
                }
            }
        }

        using var watcher = new FileSystemWatcher(watched) { NotifyFilter = NotifyFilters.FileName };
        watcher.Created += (_, e) => OnEvent(e);
        watcher.Renamed += (_, e) => OnEvent(e);
        watcher.Error += (_, _) => OnEvent(null);
        watcher.EnableRaisingEvents = true;
        child.Start();
        Task<string> stderr = child.StandardError.ReadToEndAsync();
        _ = child.StandardOutput.ReadToEndAsync();
        await Task.WhenAny(killed.Task, child.WaitForExitAsync());
        await child.WaitForExitAsync();
        watcher.EnableRaisingEvents = false;
        return new KilledRunResult(killed.Task.IsCompleted, child.ExitCode, await stderr);
    }
}

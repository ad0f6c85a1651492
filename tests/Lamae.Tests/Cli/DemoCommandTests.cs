using Lamae.Cli;
using Lamae.Experiments;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

/// <summary>
/// The demo's smoke test: the whole pipeline (simulate, cache, pretrain LAMAE and the three baselines, embed with the
/// floor, probe, rebuild leads, report) at the demo's smallest size, about a minute on 2 cores; then the same command
/// again redoes nothing. Its time belongs to bench/, not here: nothing below asserts a duration.
/// </summary>
[Collection(nameof(Training.GlobalTorchRng))]
public sealed class DemoCommandTests : IDisposable
{
    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_shortest_demo_runs_the_whole_pipeline_and_a_rerun_continues_instead_of_redoing()
    {
        string outDir = Path.Combine(temp.Path, "demo");

        CliResult r = CliRunner.Run(["demo", "--minutes", "0.5", "--out", outDir]);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains(r.StderrLines, l => l.StartsWith("lamae demo: a budget of 0.5 min; this machine's training step takes", StringComparison.Ordinal));
        Assert.Contains(r.StderrLines, l => l.StartsWith($"lamae demo: plan at scale {DemoBudget.Scales[^1]}", StringComparison.Ordinal));
        Assert.Contains(r.StderrLines, l => l.StartsWith("[12/15] probe icd10 · about ", StringComparison.Ordinal) && l.Contains(" left of the 0:30 budget", StringComparison.Ordinal));
        foreach (string row in new[] { "lamae", "mae-lead", "mae-joint", "contrastive", "random" })
        {
            Assert.Contains(r.Stdout.Split('\n'), l => l.TrimStart().StartsWith(row + " ", StringComparison.Ordinal));
        }

        Assert.Contains(" vs lamae", r.Stdout, StringComparison.Ordinal);   // every row paired against LAMAE
        Assert.True(File.Exists(Path.Combine(outDir, "report", "report.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "reconstruct", "lamae", "reconstruction.json")));
        ExperimentRecord record = ExperimentRecord.Read(outDir)!;
        Assert.All(record.Stages, s => Assert.Equal(StageRecord.Finished, s.Status));
        Assert.Equal(DemoBudget.Scales[^1], record.Budget!.Value.GetProperty("scale").GetDouble());

        CliResult again = CliRunner.Run(["demo", "--minutes", "0.5", "--out", outDir]);

        Assert.True(again.ExitCode == ExitCodes.Success, again.Stderr);
        Assert.Equal(15, again.StderrLines.Count(l => l.EndsWith(": finished earlier, kept", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_file_where_the_demo_folder_should_be_is_one_line_before_any_work()
    {
        string file = Path.Combine(temp.Path, "a-file");
        File.WriteAllText(file, "x");

        CliResult r = CliRunner.Run(["demo", "--minutes", "0.5", "--out", file]);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Equal($"lamae: error: {file}: a file, not a folder; choose another --out", Assert.Single(r.StderrLines));
    }

    [Fact]
    public void A_wrong_budget_is_one_line()
    {
        CliResult r = CliRunner.Run(["demo", "--minutes", "0", "--out", Path.Combine(temp.Path, "demo")]);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--minutes 0: give the budget in minutes", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }
}

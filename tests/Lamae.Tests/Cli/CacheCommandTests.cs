using System.Text.Json;
using Lamae.Cache;
using Lamae.Cli;
using Lamae.Io.Datasets;
using Lamae.Synthetic;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

public class CacheCommandTests
{
    [Fact]
    public void Build_then_inspect_reports_counts_coverage_splits_and_labels()
    {
        using TempFolder dir = Fixtures.Temp();
        string cache = Path.Combine(dir.Path, "c");

        CliResult build = CliRunner.Run("cache", "build", "--dataset", "cinc", "--root", Fixtures.Path("cinc", "ningbo"), "--out", cache, "--json", "--threads", "2");
        CliResult inspect = CliRunner.Run("cache", "inspect", cache, "--json", "--verify");

        Assert.Equal(ExitCodes.Success, build.ExitCode);
        Assert.Equal(ExitCodes.Success, inspect.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(inspect.Stdout);
        JsonElement root = doc.RootElement;
        int records = Directory.GetFiles(Fixtures.Path("cinc", "ningbo"), "*.hea").Length;
        Assert.Equal(records, root.GetProperty("records").GetInt32());
        Assert.Equal(1000, root.GetProperty("samples").GetInt32());
        Assert.Equal(2, root.GetProperty("flatLeads").GetProperty("V2").GetInt32());   // JS20004 and JS20008
        Assert.Equal(records, root.GetProperty("leadCoverage").GetProperty("aVF").GetInt32());
        Assert.True(root.GetProperty("labels").EnumerateObject().Any());
        Assert.Equal(0, root.GetProperty("damagedShards").GetArrayLength());
    }

    [Theory]
    [InlineData("--dataset", "nope", "nope")]
    [InlineData("--dataset", "mimic", "--root is needed")]
    [InlineData("--rate", "1", "--rate 1")]
    [InlineData("--pipeline", "bandpas:1:2", "--pipeline")]
    public void Bad_build_options_are_one_line_usage_errors(string option, string value, string expected)
    {
        using TempFolder dir = Fixtures.Temp();
        var args = new List<string> { "cache", "build", "--out", Path.Combine(dir.Path, "c") };
        if (option != "--dataset")
        {
            args.AddRange(["--dataset", "synthetic"]);
        }

        args.AddRange([option, value]);

        CliResult r = CliRunner.Run([.. args]);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(expected, Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Difficulty_is_refused_for_a_dataset_that_is_not_simulated()
    {
        using TempFolder dir = Fixtures.Temp();

        CliResult r = CliRunner.Run("cache", "build", "--dataset", "cinc", "--root", Fixtures.Path("cinc", "ningbo"), "--out", Path.Combine(dir.Path, "c"), "--difficulty", "subtle");

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--difficulty subtle: only --dataset synthetic is simulated", Assert.Single(r.StderrLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "c")));
    }

    [Fact]
    public void A_synthetic_cache_records_its_difficulty_and_refuses_to_resume_with_another()
    {
        using TempFolder dir = Fixtures.Temp();
        string standard = Path.Combine(dir.Path, "standard"), subtle = Path.Combine(dir.Path, "subtle");
        string[] common = ["cache", "build", "--dataset", "synthetic", "--count", "6", "--sim-rate", "250", "--seconds", "4", "--rate", "100", "--threads", "1"];

        CliResult s = CliRunner.Run([.. common, "--out", standard]);
        CliResult t = CliRunner.Run([.. common, "--out", subtle, "--difficulty", "subtle"]);
        CliResult again = CliRunner.Run([.. common, "--out", subtle, "--difficulty", "subtle"]);
        CliResult other = CliRunner.Run([.. common, "--out", subtle, "--difficulty", "standard"]);

        Assert.Equal(ExitCodes.Success, s.ExitCode);
        Assert.Equal(ExitCodes.Success, t.ExitCode);
        Assert.Equal(ExitCodes.Success, again.ExitCode);   // the same settings: the finished cache is kept
        Assert.NotEqual(ExitCodes.Success, other.ExitCode);
        Assert.Contains("other settings", Assert.Single(other.StderrLines), StringComparison.Ordinal);
        // Standard is not written, so manifests from before the option read (and resume) as Standard.
        Assert.DoesNotContain("Difficulty", File.ReadAllText(Path.Combine(standard, CacheManifest.FileName)), StringComparison.Ordinal);
        Assert.Contains("\"Difficulty\": \"Subtle\"", File.ReadAllText(Path.Combine(subtle, CacheManifest.FileName)), StringComparison.Ordinal);
        Assert.Equal(SimulationDifficulty.Standard, CacheManifest.Read(standard).Settings.Difficulty);
        Assert.Equal(SimulationDifficulty.Subtle, CacheManifest.Read(subtle).Settings.Difficulty);
    }

    [Fact]
    public void Inspecting_an_unfinished_or_missing_cache_says_what_to_do()
    {
        using TempFolder dir = Fixtures.Temp();

        CliResult r = CliRunner.Run("cache", "inspect", dir.Path);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Contains("resume", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_dataset_accepts_exactly_the_registry_sources()
    {
        using TempFolder dir = Fixtures.Temp();

        CliResult r = CliRunner.Run("cache", "build", "--out", Path.Combine(dir.Path, "c"), "--dataset", "nope");

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("Must be one of: " + string.Join(' ', DatasetKinds.CacheSources.Select(k => $"'{k}'")), Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }
}

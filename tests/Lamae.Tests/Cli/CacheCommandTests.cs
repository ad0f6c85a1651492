using System.Text.Json;
using Lamae.Cli;
using Lamae.Io.Datasets;
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

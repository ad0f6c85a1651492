using System.Text.Json;
using Lamae.Cli;
using Lamae.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

public class SimulateCommandTests
{
    [Fact]
    public void Writes_a_MIMIC_layout_dataset_with_the_requested_conditions()
    {
        using TempFolder dir = Fixtures.Temp();

        CliResult r = CliRunner.Run("simulate", "--count", "30", "--out", dir.Path, "--rate", "250", "--seconds", "5",
            "--conditions", "I48.91=0.5,LBBB=0.3", "--seed", "4", "--json", "--threads", "2");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement counts = doc.RootElement.GetProperty("conditions");
        Assert.True(counts.GetProperty("I48.91").GetInt32() > 0);
        Assert.Equal(0, counts.GetProperty("I21.09").GetInt32());   // not requested
        IEcgDataset ds = DatasetLoader.Open(DatasetKind.Mimic, dir.Path);
        Assert.Equal(30, ds.Records.Count);
        Assert.All(ds.Records, rec => Assert.All(rec.Labels, code => Assert.True(code is "I4891" or "I447", code)));
        Assert.Equal(250, ds.Read(ds.Records[0]).SamplingRate);
        Assert.True(File.Exists(Path.Combine(dir.Path, "simulation.json")));
    }

    [Theory]
    [InlineData("--count", "0", "--count 0")]
    [InlineData("--rate", "10", "--rate 10")]
    [InlineData("--conditions", "I99.9", "unknown condition 'I99.9'")]
    [InlineData("--conditions", "I48.91=2", "prevalence '2' of I48.91")]
    [InlineData("--layout", "tree", "tree")]
    public void Bad_options_are_one_line_usage_errors(string option, string value, string expected)
    {
        using TempFolder dir = Fixtures.Temp();

        CliResult r = CliRunner.Run("simulate", "--out", dir.Path, option, value);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(expected, Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }
}

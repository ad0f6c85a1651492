using System.Text.Json;
using Lamae.Cli;
using Lamae.Io.Datasets;
using Lamae.Synthetic;
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

    [Fact]
    public void Difficulty_subtle_keeps_patients_and_labels_changes_signals_and_is_recorded()
    {
        using TempFolder dir = Fixtures.Temp();
        string standard = Path.Combine(dir.Path, "standard"), subtle = Path.Combine(dir.Path, "subtle");

        CliResult s = CliRunner.Run("simulate", "--count", "12", "--out", standard, "--rate", "250", "--seconds", "4", "--seed", "3", "--layout", "flat", "--threads", "1");
        CliResult t = CliRunner.Run("simulate", "--count", "12", "--out", subtle, "--rate", "250", "--seconds", "4", "--seed", "3", "--layout", "flat",
            "--difficulty", "subtle", "--json", "--threads", "1");

        Assert.Equal(ExitCodes.Success, s.ExitCode);
        Assert.Equal(ExitCodes.Success, t.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(t.Stdout);
        Assert.Equal("subtle", doc.RootElement.GetProperty("difficulty").GetString());
        using JsonDocument provenance = JsonDocument.Parse(File.ReadAllText(Path.Combine(subtle, "simulation.json")));
        Assert.Equal("subtle", provenance.RootElement.GetProperty("difficulty").GetString());
        // Subtle's default noise is its own, larger one.
        Assert.True(provenance.RootElement.GetProperty("noise").GetProperty("Muscle").GetDouble() > NoiseOptions.Default.Muscle);
        Assert.Equal(File.ReadAllText(Path.Combine(standard, "records_w_diag_icd10.csv")), File.ReadAllText(Path.Combine(subtle, "records_w_diag_icd10.csv")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(standard, "40000000.dat")), File.ReadAllBytes(Path.Combine(subtle, "40000000.dat")));
    }

    [Theory]
    [InlineData("--difficulty", "hard", "hard")]
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

using System.Text.Json;
using Lamae.Cli;
using Lamae.Evaluation.Probing;
using Lamae.Tests.Evaluation.Probing;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

/// <summary>lamae probe from the command line: the table, the files, and one line for every bad input.</summary>
public sealed class ProbeCommandTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();
    private readonly string strong, noise;

    public ProbeCommandTests()
    {
        strong = ProbeFixture.Write(Path.Combine(dir.Path, "strong"), 3.0, seed: 1);
        noise = ProbeFixture.Write(Path.Combine(dir.Path, "noise"), 0.0, seed: 2);
    }

    public void Dispose() => dir.Dispose();

    private string Out => Path.Combine(dir.Path, "probe");

    [Fact]
    public void Two_embeddings_give_the_table_probe_json_and_predictions()
    {
        CliResult r = CliRunner.Run("probe", "--embeddings", strong, "--embeddings", noise, "--labels", "icd10", "--min-patients", "1",
            "--fractions", "0.5,1", "--seeds", "2", "--resamples", "100", "--out", Out);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("macro AUROC", r.Stdout);
        Assert.Contains("vs strong", r.Stdout);
        Assert.Contains("lamae probe: 2 embeddings x 3 codes x 2 fractions x 2 seeds", r.Stderr);
        ProbeResult result = ProbeFolder.Open(Out).Read();
        Assert.Equal(4, result.Scores.Count);
        Assert.True(File.Exists(Path.Combine(Out, ProbeFolder.PredictionsFileName)));
    }

    [Fact]
    public void Json_output_lists_every_score()
    {
        CliResult r = CliRunner.Run("probe", "--embeddings", strong, "--labels", "icd10", "--min-patients", "1", "--fractions", "1", "--seeds", "1", "--resamples", "50", "--out", Out, "--json");

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("scores").GetArrayLength());
    }

    [Theory]
    [InlineData("--fractions", "0")]
    [InlineData("--fractions", "0.1,abc")]
    [InlineData("--labels", "icd9")]
    [InlineData("--protocol", "random")]
    [InlineData("--seeds", "0")]
    public void Bad_options_are_usage_errors_and_write_nothing(string option, string value)
    {
        string[] args = ["probe", "--embeddings", strong, "--labels", "icd10", "--out", Out, option, value];

        CliResult r = CliRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.StderrLines);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void Bad_inputs_fail_with_one_line_and_write_nothing()
    {
        string other = ProbeFixture.Write(Path.Combine(dir.Path, "other"), 3.0, seed: 3, indexSha: "another-index");
        CliResult otherCache = CliRunner.Run("probe", "--embeddings", strong, "--embeddings", other, "--labels", "icd10", "--out", Out);
        CliResult noCode = CliRunner.Run("probe", "--embeddings", strong, "--labels", "icd10", "--min-patients", "1000", "--out", Out);
        CliResult missing = CliRunner.Run("probe", "--embeddings", Path.Combine(dir.Path, "nowhere"), "--labels", "icd10", "--out", Out);
        CliResult ptbxl = CliRunner.Run("probe", "--embeddings", strong, "--labels", "ptbxl-rhythm", "--out", Out);
        byte[] npy = File.ReadAllBytes(Path.Combine(strong, "embeddings.npy"));
        File.WriteAllBytes(Path.Combine(strong, "embeddings.npy"), npy[..(npy.Length / 2)]);
        CliResult truncated = CliRunner.Run("probe", "--embeddings", strong, "--labels", "icd10", "--out", Out);
        File.WriteAllText(Path.Combine(noise, "records.csv"), "record,patient\nr1,p1\n");
        CliResult badRecords = CliRunner.Run("probe", "--embeddings", noise, "--labels", "icd10", "--out", Out);
        File.WriteAllText(Path.Combine(noise, "embedding.json"), "{ \"run\": ");
        CliResult corrupt = CliRunner.Run("probe", "--embeddings", noise, "--labels", "icd10", "--out", Out);

        foreach ((CliResult r, string says) in new[]
        {
            (otherCache, "another cache"), (noCode, "no usable code"), (missing, "not an embeddings folder"), (ptbxl, "--label-table"),
            (truncated, "embeddings.npy"), (badRecords, "records.csv"), (corrupt, "not an embeddings description"),
        })
        {
            Assert.Equal(ExitCodes.Failure, r.ExitCode);
            Assert.Contains(says, Assert.Single(r.StderrLines), StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Out));
    }
}

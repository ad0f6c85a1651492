using Lamae.Cli;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

/// <summary>lamae finetune from the command line: one line for every bad input, before anything is written.</summary>
public sealed class FinetuneCommandTests : IDisposable
{
    // The micro LAMAE (MicroConfig) through --set.
    private static readonly string[] MicroSettings =
        ["sample_rate=20", "samples=200", "patch_size=20", "dim=32", "heads=2", "lead_depth=1", "latent_rounds=1", "latents=4", "decoder_dim=32", "decoder_heads=2", "decoder_depth=1"];

    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    private string Out => Path.Combine(dir.Path, "ft");

    [Theory]
    [InlineData(new string[0], "either --run RUN")]
    [InlineData(new[] { "--run", "somewhere", "--from-scratch" }, "not both or neither")]
    [InlineData(new[] { "--from-scratch", "--fraction", "0" }, "fraction 0: must lie in (0, 1]")]
    [InlineData(new[] { "--from-scratch", "--patience", "0" }, "patience 0: must be at least 1")]
    [InlineData(new[] { "--from-scratch", "--protocol", "cv", "--cv-folds", "2" }, "--cv-folds 2: cross-validation needs at least 3 parts")]
    [InlineData(new[] { "--from-scratch", "--set", "nope=1" }, "nope")]
    public void Bad_options_are_usage_errors_and_write_nothing(string[] options, string expected)
    {
        CliResult r = CliRunner.Run(["finetune", "--cache", Path.Combine(dir.Path, "no-cache"), "--labels", "icd10", "--out", Out, .. options]);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(expected, Assert.Single(r.StderrLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void A_bf16_fine_tune_finishes_and_records_its_precision()
    {
        string[] micro = [.. MicroSettings.SelectMany(s => new[] { "--set", s })];

        CliResult r = CliRunner.Run(["finetune", "--from-scratch", "--model", "lamae", .. micro, "--cache", FineTuning.FineTunerTests.SharedCache.Value, "--labels", "icd10",
            "--min-patients", "3", "--protocol", "cv", "--cv-folds", "3", "--epochs", "1", "--batch", "16", "--precision", "bf16", "--threads", "1", "--out", Out]);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.True(File.Exists(Path.Combine(Out, "finetune.json")));
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "config.json")));
        Assert.Equal("bf16", config.RootElement.GetProperty("options").GetProperty("precision").GetString());
    }

    [Fact]
    public void A_folder_that_is_not_a_run_fails_with_one_line()
    {
        CliResult r = CliRunner.Run("finetune", "--run", dir.Path, "--cache", Path.Combine(dir.Path, "no-cache"), "--labels", "icd10", "--out", Out);

        Assert.NotEqual(ExitCodes.Success, r.ExitCode);
        Assert.Contains("not a run folder", Assert.Single(r.StderrLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }
}

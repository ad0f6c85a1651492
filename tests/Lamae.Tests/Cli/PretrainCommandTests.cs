using System.Text.Json;
using Lamae.Cache;
using Lamae.Cli;
using Lamae.Models;
using Lamae.Signal;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

public sealed class PretrainCommandTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();
    private readonly string cache;

    public PretrainCommandTests()
    {
        cache = Path.Combine(dir.Path, "cache");
        CacheBuilder.Build(new CacheBuildSettings("synthetic", string.Empty, 100, 10, PreprocessingPipeline.Default(100, 10).ToJson(),
            SyntheticCount: 40, SyntheticRate: 250, Seed: 4), cache, threads: 2);
    }

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Tiny_LAMAE_pretrains_and_leaves_a_complete_run_folder()
    {
        string run = Path.Combine(dir.Path, "run");

        CliResult r = CliRunner.Run("pretrain", "--cache", cache, "--out", run, "--epochs", "1", "--batch", "8", "--json", "--threads", "2");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement epoch = Assert.Single(doc.RootElement.GetProperty("epochs").EnumerateArray());
        Assert.True(epoch.GetProperty("train_loss").GetDouble() > 0);
        double total = epoch.GetProperty("val_loss").GetDouble();
        double masked = epoch.GetProperty("val_masked_loss").GetDouble();
        double dropped = epoch.TryGetProperty("val_dropped_loss", out JsonElement d) ? d.GetDouble() : masked;   // absent when no validation ECG dropped a lead
        Assert.InRange(total, Math.Min(masked, dropped) - 1e-6, Math.Max(masked, dropped) + 1e-6);   // the objective mixes its two parts
        Assert.InRange(doc.RootElement.GetProperty("meanPredictorValidationLoss").GetDouble(), 0.9, 1.1);   // standardised leads
        foreach (string f in new[] { "config.json", "metrics.jsonl", "curve.png", "checkpoint.ckpt", "model.safetensors" })
        {
            Assert.True(File.Exists(Path.Combine(run, f)), f);
        }

        var names = SafeTensors.ReadHeader(Path.Combine(run, "model.safetensors")).Entries.Select(e => e.Name).ToList();
        Assert.Contains("encoder.blocks.0.attn.qkv.weight", names);
        Assert.Contains("latent.rounds.0.latent_cross.attn.kv.weight", names);
    }

    [Fact]
    public void A_bf16_run_says_so_records_it_and_learns()
    {
        string run = Path.Combine(dir.Path, "bf16");

        CliResult r = CliRunner.Run("pretrain", "--cache", cache, "--out", run, "--epochs", "1", "--batch", "8", "--precision", "bf16", "--json", "--threads", "2");

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("lamae pretrain: precision bf16 (asked for)", r.StderrLines);
        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        Assert.Equal("bf16", config.RootElement.GetProperty("pretrain").GetProperty("precision").GetString());
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.True(double.IsFinite(Assert.Single(doc.RootElement.GetProperty("epochs").EnumerateArray()).GetProperty("val_loss").GetDouble()));
    }

    [Theory]
    [InlineData("--preset", "base", "needs 250 Hz")]
    [InlineData("--device", "cuda", "LamaeTorch=cuda")]
    public void Mismatches_fail_with_one_line_saying_what_to_do(string option, string value, string expected)
    {
        CliResult r = PretrainWith(option, value);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Contains(expected, Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model", "bert")]
    [InlineData("--lr", "0")]
    [InlineData("--batch", "0")]
    [InlineData("--micro-batch", "0")]
    [InlineData("--mask-ratio", "1.5")]
    [InlineData("--lead-dropout", "2")]
    [InlineData("--epochs", "0")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        CliResult r = PretrainWith(option, value);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.StderrLines);
    }

    [Theory]
    [InlineData("--micro-batch", "x", "whole number")]
    [InlineData("--lr", "fast", "as a number")]
    public void Values_of_the_wrong_kind_are_named_in_words(string option, string value, string expected)
    {
        CliResult r = PretrainWith(option, value);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        string line = Assert.Single(r.StderrLines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    // `lamae pretrain` on the test cache into a fresh folder with one option set; the bad-input tests' call.
    private CliResult PretrainWith(string option, string value) =>
        CliRunner.Run("pretrain", "--cache", cache, "--out", Path.Combine(dir.Path, "x"), option, value);
}

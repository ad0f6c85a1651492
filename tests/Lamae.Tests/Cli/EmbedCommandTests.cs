using System.Text.Json;
using Lamae.Cache;
using Lamae.Cli;
using Lamae.Evaluation;
using Lamae.Signal;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

public sealed class EmbedCommandTests : IDisposable
{
    private static readonly string OldMicroRun = Path.Combine(AppContext.BaseDirectory, "Training", "Fixtures", "run-before-issue-15", "run-lamae-micro");

    private readonly TempFolder dir = Fixtures.Temp();
    private readonly string cache;

    public EmbedCommandTests()
    {
        cache = Path.Combine(dir.Path, "cache");
        CacheBuilder.Build(new CacheBuildSettings("synthetic", string.Empty, 100, 10, PreprocessingPipeline.Default(100, 10).ToJson(),
            SyntheticCount: 24, SyntheticRate: 250, Seed: 6), cache, threads: 2);
    }

    public void Dispose() => dir.Dispose();

    [Fact]
    public void The_untrained_floor_embeds_every_record_into_files_numpy_reads_the_same_on_any_thread_count()
    {
        string a = Path.Combine(dir.Path, "a"), b = Path.Combine(dir.Path, "b");

        CliResult r = CliRunner.Run("embed", "--model", "random", "--preset", "tiny", "--cache", cache, "--out", a, "--json", "--threads", "2");
        CliResult p = CliRunner.RunProcess("embed", "--model", "random", "--cache", cache, "--out", b, "--threads", "1", "--batch", "5");

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.True(p.ExitCode == ExitCodes.Success, p.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(24, doc.RootElement.GetProperty("records").GetInt32());
        Assert.Equal(256, doc.RootElement.GetProperty("dim").GetInt32());
        Assert.True(doc.RootElement.GetProperty("ecgPerSecond").GetDouble() > 0);
        foreach (string file in new[] { EmbeddingFolder.EmbeddingsFileName, EmbeddingFolder.LeadWeightsFileName, EmbeddingFolder.RecordsFileName })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
        }
    }

    [Theory]
    [InlineData("--leads", "I,Z")]
    [InlineData("--batch", "0")]
    [InlineData("--model", "lamae")]
    public void Bad_options_are_usage_errors(string option, string value)
    {
        CliResult r = CliRunner.Run("embed", "--model", "random", "--cache", cache, "--out", Path.Combine(dir.Path, "x"), option, value);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Single(r.StderrLines);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "x")));
    }

    [Fact]
    public void Bf16_embeddings_are_fp32_files_within_bf16_rounding_of_the_fp32_ones_and_say_how_they_were_made()
    {
        string a = Path.Combine(dir.Path, "fp32"), b = Path.Combine(dir.Path, "bf16");

        CliResult fp32 = CliRunner.Run("embed", "--model", "random", "--cache", cache, "--out", a, "--threads", "2");
        CliResult bf16 = CliRunner.Run("embed", "--model", "random", "--cache", cache, "--out", b, "--threads", "2", "--precision", "bf16");

        Assert.True(fp32.ExitCode == ExitCodes.Success && bf16.ExitCode == ExitCodes.Success, fp32.Stderr + bf16.Stderr);
        (float[] x, int rows, int dim) = Lamae.Evaluation.EmbeddingFolder.Open(a).ReadEmbeddings();
        (float[] y, int rowsB, int dimB) = Lamae.Evaluation.EmbeddingFolder.Open(b).ReadEmbeddings();
        Assert.Equal((rows, dim), (rowsB, dimB));
        double scale = x.Max(v => Math.Abs(v)), worst = x.Zip(y, (p, q) => Math.Abs(p - q)).Max();
        Assert.InRange(worst / scale, 1e-6, 2e-2);   // not the same bytes (bf16 ran), but within its rounding
        Assert.Equal("fp32", Lamae.Evaluation.EmbeddingFolder.Open(a).ReadProvenance().Precision);
        Assert.Equal("bf16", Lamae.Evaluation.EmbeddingFolder.Open(b).ReadProvenance().Precision);
    }

    [Fact]
    public void A_run_and_the_random_model_together_or_neither_are_usage_errors()
    {
        string x = Path.Combine(dir.Path, "x");
        CliResult both = CliRunner.Run("embed", "--run", OldMicroRun, "--model", "random", "--cache", cache, "--out", x);
        CliResult neither = CliRunner.Run("embed", "--cache", cache, "--out", x);

        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Equal(ExitCodes.Usage, neither.ExitCode);
        Assert.Contains("--run RUN", Assert.Single(neither.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_of_another_preset_or_a_folder_that_is_no_run_fails_with_one_line_and_writes_nothing()
    {
        string x = Path.Combine(dir.Path, "x");
        CliResult other = CliRunner.Run("embed", "--run", OldMicroRun, "--cache", cache, "--out", x);   // a 20 Hz micro run, a 100 Hz cache
        CliResult none = CliRunner.Run("embed", "--run", dir.Path, "--cache", cache, "--out", x);

        Assert.Equal(ExitCodes.Failure, other.ExitCode);
        Assert.Contains("needs 20 Hz", Assert.Single(other.StderrLines), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, none.ExitCode);
        Assert.Contains("not a run folder", Assert.Single(none.StderrLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(x));
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Lamae.Cli;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using Lamae.Models;
using Lamae.Reporting;
using Lamae.Tests.Reporting;
using Lamae.Tests.Support;
using Lamae.Training;

namespace Lamae.Tests.Cli;

public sealed class ReportCommandTests : IDisposable
{
    private const int Records = 60, Dim = 4;

    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void A_real_probe_and_a_run_give_markdown_html_json_and_plots_with_the_probes_numbers_and_one_line()
    {
        (string probe, ProbeResult result) = RealProbe();
        string run = ProbeReportFixture.WriteRun(Path.Combine(dir.Path, "run"), epochs: 2);
        string outDir = Path.Combine(dir.Path, "report");

        CliResult r = CliRunner.Run("report", "--probe", probe, "--runs", run, "--out", outDir);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Equal($"lamae report: 1 probes, 1 runs -> {Path.Combine(outDir, ReportFolder.HtmlFileName)}", Assert.Single(r.StderrLines));

        // report.json: every macro and per-code number is the probe's.
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, ReportFolder.JsonFileName)));
        JsonElement section = json.RootElement.GetProperty("probes")[0];
        foreach (JsonElement cell in section.GetProperty("macro").EnumerateArray())
        {
            ProbeScore s = result.Scores.Single(x => x.Embedding == cell.GetProperty("embedding").GetString() && x.Fraction == cell.GetProperty("fraction").GetDouble());
            Assert.Equal(s.Auroc.Value, cell.GetProperty("auroc").GetProperty("value").GetDouble());
            Assert.Equal(s.Auroc.Lower, cell.GetProperty("auroc").GetProperty("lower").GetDouble());
            Assert.Equal(s.Auprc.Upper, cell.GetProperty("auprc").GetProperty("upper").GetDouble());
            if (s.Embedding != result.Embeddings[0].Name)
            {
                ProbeComparison c = result.Comparisons.Single(x => x.Embedding == s.Embedding && x.Fraction == s.Fraction);
                Assert.Equal(c.Auroc.Difference, cell.GetProperty("auroc_difference").GetProperty("difference").GetDouble());
                Assert.Equal(ProbeTable.Verdict(c.Auroc), cell.GetProperty("auroc_difference").GetProperty("verdict").GetInt32());
            }
        }

        Assert.Equal(result.Scores.Count, section.GetProperty("macro").GetArrayLength());
        Assert.Equal(result.Scores.Sum(s => s.Codes.Count), section.GetProperty("codes").GetArrayLength());
        foreach (JsonElement cell in section.GetProperty("codes").EnumerateArray())
        {
            ProbeCodeScore k = result.Scores.Single(x => x.Embedding == cell.GetProperty("embedding").GetString() && x.Fraction == cell.GetProperty("fraction").GetDouble())
                .Codes.Single(x => x.Code == cell.GetProperty("code").GetString());
            Assert.Equal(k.Auroc.Value, cell.GetProperty("auroc").GetProperty("value").GetDouble());
        }

        // LAMAE's lead weights (one row per code plus the rest), the run's final loss.
        JsonElement weights = Assert.Single(section.GetProperty("lead_weights").EnumerateArray());
        Assert.Equal("lamae", weights.GetProperty("embedding").GetString());
        Assert.Equal(result.Labels.Codes.Count + 1, weights.GetProperty("rows").GetArrayLength());
        Assert.Equal(0.5, json.RootElement.GetProperty("runs")[0].GetProperty("final").GetProperty("train_loss").GetDouble());

        // Every image is a file beside report.md, linked from it, and embedded in report.html.
        string[] images = [.. Directory.GetFiles(outDir, "*.png").Select(Path.GetFileName).Order()!];
        Assert.Equal(["auprc-vs-fraction-probe.png", "auroc-vs-fraction-probe.png", "curve-run.png", "lead-weights-probe-lamae.png", "per-code-auroc-probe.png"], images);
        string markdown = File.ReadAllText(Path.Combine(outDir, ReportFolder.MarkdownFileName));
        string html = File.ReadAllText(Path.Combine(outDir, ReportFolder.HtmlFileName));
        string[] embedded = [.. Regex.Matches(html, "src=\"data:image/png;base64,([^\"]*)\"").Select(m => m.Groups[1].Value)];
        Assert.Equal(images.Length, embedded.Length);
        foreach (string image in images)
        {
            Assert.Contains($"]({image})", markdown, StringComparison.Ordinal);
            Assert.Contains(Convert.ToBase64String(File.ReadAllBytes(Path.Combine(outDir, image))), embedded);
        }

        Assert.DoesNotMatch("(src|href)\\s*=\\s*\"?(https?:|//)", html);
        Assert.Empty(Directory.GetFiles(outDir, ".*"));   // no temporary file left behind
    }

    [Fact]
    public void Json_output_names_the_files()
    {
        string probe = FixtureProbe();
        string outDir = Path.Combine(dir.Path, "report");

        CliResult r = CliRunner.Run("report", "--probe", probe, "--out", outDir, "--json");

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("probes").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("runs").GetInt32());
        Assert.True(File.Exists(doc.RootElement.GetProperty("html").GetString()));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("unfinished")]
    [InlineData("corrupt")]
    [InlineData("not a run")]
    public void Bad_input_fails_with_one_line_and_writes_nothing(string what)
    {
        string probe = FixtureProbe();
        string bad = Path.Combine(dir.Path, "bad");
        Directory.CreateDirectory(bad);
        string[] args = what switch
        {
            "missing" => ["--probe", probe, Path.Combine(dir.Path, "no-such-probe")],
            "unfinished" => ["--probe", WriteFile(bad, ProbeFolder.PredictionsFileName, "embeddings,record\n")],
            "corrupt" => ["--probe", WriteFile(bad, ProbeFolder.ResultFileName, "{\"labels\": {\"name\": 3")],
            _ => ["--probe", probe, "--runs", bad],
        };
        string outDir = Path.Combine(dir.Path, "report");

        CliResult r = CliRunner.Run(["report", .. args, "--out", outDir]);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        string line = Assert.Single(r.StderrLines);
        Assert.StartsWith("lamae: error: ", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_folder_holding_a_report_is_refused_and_left_as_it_was()
    {
        string probe = FixtureProbe();
        string outDir = Path.Combine(dir.Path, "report");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("report", "--probe", probe, "--out", outDir).ExitCode);
        var before = Directory.GetFiles(outDir).ToDictionary(f => f, File.ReadAllBytes);

        CliResult again = CliRunner.Run("report", "--probe", probe, "--out", outDir);

        Assert.Equal(ExitCodes.Failure, again.ExitCode);
        Assert.Contains("holds a report already", Assert.Single(again.StderrLines), StringComparison.Ordinal);
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(outDir).Order());
        Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllBytes(kv.Key)));
    }

    [Fact]
    public void No_probe_is_a_usage_error()
    {
        CliResult r = CliRunner.Run("report", "--out", Path.Combine(dir.Path, "report"));

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--probe", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    private string FixtureProbe() =>
        ProbeReportFixture.WriteProbe(Path.Combine(dir.Path, "probe"), ProbeReportFixture.Result("/nowhere/lamae", "/nowhere/random"));

    private static string WriteFile(string folder, string name, string text)
    {
        File.WriteAllText(Path.Combine(folder, name), text);
        return folder;
    }

    // A probe run by ProbeRunner on two tiny embeddings folders: lamae (features that carry the labels, with lead
    // weights) and random (noise), 60 patients with a record each, two codes.
    private (string Probe, ProbeResult Result) RealProbe()
    {
        var rng = new System.Random(3);
        EmbeddedRecord[] records = Enumerable.Range(0, Records).Select(i => new EmbeddedRecord($"r{i}", $"p{i}", i % 10,
            i < 40 ? ProbeSplits.Train : i < 50 ? ProbeSplits.Validation : ProbeSplits.Test,
            [.. new[] { i % 5 < 2 ? "I10" : null, i % 3 == 0 ? "E11" : null }.OfType<string>()])).ToArray();
        float[] Features(bool informative) => [.. Enumerable.Range(0, Records * Dim).Select(j =>
        {
            int i = j / Dim, d = j % Dim;
            double signal = !informative ? 0 : d == 0 ? (i % 5 < 2 ? 1.5 : 0) : d == 1 ? (i % 3 == 0 ? 1.5 : 0) : 0;
            return (float)(signal + rng.NextDouble());
        })];
        string lamae = Write("lamae", ModelNames.Lamae, Features(informative: true), records, leadWeights: true);
        string random = Write("random", ModelNames.Random, Features(informative: false), records, leadWeights: false);
        ProbeInputs inputs = ProbeInputs.Load([lamae, random], LabelSets.Icd10, new LabelSetOptions { MinPatients = 5 });
        string probe = Path.Combine(dir.Path, "probe");
        ProbeResult result = ProbeRunner.Run(ProbeFolder.Create(probe), inputs, new ProbeOptions
        {
            Fractions = [0.5, 1], Seeds = 2, Bootstrap = new BootstrapOptions { Resamples = 50 },
        });
        return (probe, result);
    }

    private string Write(string name, string model, float[] values, EmbeddedRecord[] records, bool leadWeights)
    {
        string folder = Path.Combine(dir.Path, name);
        float[]? weights = leadWeights ? [.. Enumerable.Range(0, Records * 12).Select(j => (j % 12) / 66f)] : null;
        var provenance = new EmbeddingProvenance(null, new ModelSpec(model, ModelConfig.Tiny), new CacheIdentity("/caches/c", "hash", "sha", Records),
            global::Lamae.Core.Leads.Names, Records, Dim, 1, [], leadWeights, "0.1.0.0", "synthetic", string.Empty);
        EmbeddingFolder.Create(folder).Write(provenance, values, weights, records);
        return folder;
    }
}

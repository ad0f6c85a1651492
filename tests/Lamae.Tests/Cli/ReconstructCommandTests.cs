using System.Text.Json;
using Lamae.Cli;
using Lamae.Io.Wfdb;
using Lamae.Reconstruction;
using Lamae.Tests.Reconstruction;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

/// <summary>lamae reconstruct from the command line: the files it writes, and one line for every bad input.</summary>
public sealed class ReconstructCommandTests(ReconstructionFixture fixture) : IClassFixture<ReconstructionFixture>, IDisposable
{
    private readonly string dir = fixture.NewFolder();

    private string Out => Path.Combine(dir, "recon");

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void A_cache_gives_the_report_the_per_record_table_the_summary_and_examples_as_png_and_wfdb()
    {
        CliResult r = CliRunner.Run("reconstruct", "--run", fixture.LamaeRun, "--cache", fixture.Cache, "--keep", "I", "--keep", "I,II,V2;II,V5",
            "--examples", "2", "--out", Out, "--json", "--threads", "2");

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(3, doc.RootElement.GetProperty("sets").GetArrayLength());
        ReconstructionReport report = ReconstructionFolder.Open(Out).ReadReport();
        Assert.Equal("eval", report.Split);   // the linear map was fitted on this cache's training split
        Assert.True(report.Records > 0);
        Assert.Equal(["I", "I,II,V2", "II,V5"], report.Sets.Select(s => s.Kept));
        KeptSetReport three = report.Sets[1];
        Assert.Equal(["lamae", "linear"], three.Methods.Select(m => m.Method));
        Assert.Equal(9, three.Methods[0].Leads.Count);
        Assert.All(three.Methods.SelectMany(m => m.Leads), l => Assert.InRange(l.MeanR!.Value, -1, 1));
        Assert.NotNull(three.Methods[1].Limb);
        Assert.NotNull(three.Methods[1].Precordial);
        Assert.Equal(9, three.LinearMap.Targets.Count);
        Assert.True(three.LinearMap.TrainingRecords > 0);
        Assert.Contains(report.Notes, n => n.Contains("0.93", StringComparison.Ordinal));

        string[] rows = File.ReadAllLines(Path.Combine(Out, ReconstructionFolder.PerRecordFileName));
        Assert.Equal("set,method,record,lead,r,rmse", rows[0]);
        Assert.Equal(report.Sets.Sum(s => s.Methods.Sum(m => m.Leads.Sum(l => l.Records))), rows.Length - 1);
        Assert.Contains("| lead | lamae r | linear r |", File.ReadAllText(Path.Combine(Out, ReconstructionFolder.SummaryFileName)), StringComparison.Ordinal);

        Assert.Equal(6, report.Examples.Count);   // 2 per set
        foreach (ReconstructionExample e in report.Examples)
        {
            Assert.True(new FileInfo(Path.Combine(Out, e.Plot)).Length > 10_000, e.Plot);
            WfdbRecord written = WfdbReader.Read(Path.Combine(Out, e.Wfdb));
            Assert.Equal(12, written.Signals.Count);
            Assert.All(written.Signals, s => Assert.Equal("SD", s.Spec.Units));
        }
    }

    [Fact]
    public void A_wfdb_record_is_rebuilt_with_the_linear_map_fitted_on_the_fit_cache()
    {
        string record = Fixtures.Path("ptbxl", "records100", "00000", "00001_lr");

        CliResult r = CliRunner.Run("reconstruct", "--run", fixture.LamaeRun, "--record", record, "--fit-cache", fixture.Cache, "--keep", "I,II,V3", "--out", Out);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("kept I,II,V3 (1 ECGs)", r.Stdout, StringComparison.Ordinal);
        ReconstructionReport report = ReconstructionFolder.Open(Out).ReadReport();
        Assert.Equal(1, report.Records);
        Assert.Null(report.Cache);
        Assert.EndsWith("00001_lr", report.Record, StringComparison.Ordinal);
        Assert.All(report.Sets[0].Methods.SelectMany(m => m.Leads), l => Assert.Equal(1, l.Records));
        ReconstructionExample example = Assert.Single(report.Examples);
        Assert.True(File.Exists(Path.Combine(Out, example.Plot)));
    }

    [Fact]
    public void A_contrastive_run_is_refused_with_one_line_naming_the_run_and_the_models_that_can()
    {
        CliResult r = CliRunner.Run("reconstruct", "--run", fixture.ContrastiveRun, "--cache", fixture.Cache, "--keep", "I", "--out", Out);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        string line = Assert.Single(r.StderrLines);
        Assert.Contains(fixture.ContrastiveRun, line, StringComparison.Ordinal);
        Assert.Contains("contrastive", line, StringComparison.Ordinal);
        Assert.Contains("lamae, mae-lead, mae-joint", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, ReconstructionFolder.ReportFileName)));
    }

    [Theory]
    [InlineData("--keep", "I,Z", "'Z' is not one of the 12 leads")]
    [InlineData("--keep", "", "an empty set")]
    [InlineData("--split", "train", "--split train")]
    [InlineData("--limit", "0", "--limit 0")]
    public void Bad_values_fail_with_one_line(string option, string value, string expected)
    {
        CliResult r = CliRunner.Run("reconstruct", "--run", fixture.LamaeRun, "--cache", fixture.Cache, "--out", Out, option, value, "--keep", "II");

        Assert.NotEqual(ExitCodes.Success, r.ExitCode);
        Assert.Contains(expected, Assert.Single(r.StderrLines), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, ReconstructionFolder.ReportFileName)));
    }

    [Fact]
    public void A_record_without_fit_cache_both_sources_or_a_finished_folder_are_one_line()
    {
        string record = Fixtures.Path("ptbxl", "records100", "00000", "00001_lr");
        CliResult noFit = CliRunner.Run("reconstruct", "--run", fixture.LamaeRun, "--record", record, "--keep", "I", "--out", Out);
        CliResult both = CliRunner.Run("reconstruct", "--run", fixture.LamaeRun, "--record", record, "--cache", fixture.Cache, "--keep", "I", "--out", Out);
        CliResult done = CliRunner.Run("reconstruct", "--run", fixture.LamaeRun, "--cache", fixture.Cache, "--keep", string.Join(',', Lamae.Core.Leads.Names), "--limit", "2", "--examples", "0", "--out", Out);
        CliResult again = CliRunner.Run("reconstruct", "--run", fixture.LamaeRun, "--cache", fixture.Cache, "--keep", "I", "--out", Out);

        Assert.Contains("--fit-cache", Assert.Single(noFit.StderrLines), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.True(done.ExitCode == ExitCodes.Success, done.Stderr);   // all 12 kept: nothing to rebuild, fine
        Assert.Empty(ReconstructionFolder.Open(Out).ReadReport().Sets[0].Missing);
        Assert.Contains("holds a reconstruction already", Assert.Single(again.StderrLines), StringComparison.Ordinal);
    }
}

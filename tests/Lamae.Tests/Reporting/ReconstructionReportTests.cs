using Lamae.Cli;
using Lamae.Reconstruction;
using Lamae.Tests.Reconstruction;
using Lamae.Tests.Support;

namespace Lamae.Tests.Reporting;

/// <summary>A report with reconstruction folders: one table per kept-lead set, each model beside the linear baseline, and the printouts.</summary>
public sealed class ReconstructionReportTests(ReconstructionFixture fixture) : IClassFixture<ReconstructionFixture>, IDisposable
{
    private readonly string dir = fixture.NewFolder();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void The_report_shows_each_kept_set_with_the_models_and_the_linear_map_and_copies_the_printouts()
    {
        string recon = Path.Combine(dir, "lamae-recon");
        CliResult made = CliRunner.Run("reconstruct", "--run", fixture.LamaeRun, "--cache", fixture.Cache, "--keep", "I,II,V2", "--examples", "1", "--out", recon, "--threads", "2");
        Assert.True(made.ExitCode == ExitCodes.Success, made.Stderr);
        string probe = ProbeReportFixture.WriteProbe(Path.Combine(dir, "probe"), ProbeReportFixture.Result("/nowhere/lamae", "/nowhere/random"));
        string report = Path.Combine(dir, "report");

        CliResult r = CliRunner.Run("report", "--probe", probe, "--reconstruction", recon, "--out", report);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        string md = File.ReadAllText(Path.Combine(report, "report.md"));
        Assert.Contains("## Missing-lead reconstruction", md, StringComparison.Ordinal);
        Assert.Contains("### Kept I,II,V2: 9 leads rebuilt", md, StringComparison.Ordinal);
        Assert.Contains("| lead | lamae-recon r | linear r | lamae-recon RMSE | linear RMSE |", md, StringComparison.Ordinal);
        KeptSetReport set = ReconstructionFolder.Open(recon).ReadReport().Sets[0];
        string v1 = set.Methods[0].Leads.First(l => l.Lead == "V1").MeanR!.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"| V1 | {v1} |", md, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(report, "reconstruction-lamae-recon-I-II-V2.png")));
        Assert.Contains("rebuilt from I,II,V2", File.ReadAllText(Path.Combine(report, "report.html")), StringComparison.Ordinal);  // the page embeds the image with its caption

        CliResult missing = CliRunner.Run("report", "--probe", probe, "--reconstruction", Path.Combine(dir, "nowhere"), "--out", Path.Combine(dir, "report2"));
        Assert.NotEqual(ExitCodes.Success, missing.ExitCode);
        Assert.Single(missing.StderrLines);
    }
}

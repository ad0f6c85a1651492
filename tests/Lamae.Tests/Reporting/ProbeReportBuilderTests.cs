using Lamae.Evaluation.Probing;
using Lamae.Reporting;
using Lamae.Tests.Support;
using static Lamae.Tests.Reporting.ProbeReportFixture;

namespace Lamae.Tests.Reporting;

public sealed class ProbeReportBuilderTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void The_report_holds_the_probes_own_numbers_and_marks_only_differences_whose_interval_excludes_0()
    {
        ProbeResult result = Result(Path.Combine(dir.Path, "none-a"), Path.Combine(dir.Path, "none-b"));
        string probe = WriteProbe(Path.Combine(dir.Path, "probe"), result);

        ProbeReportSection section = Assert.Single(ProbeReportBuilder.Build([probe]).Probes);

        Assert.Equal(result.Scores.Count, section.Macro.Count);
        foreach (ProbeScore s in result.Scores)
        {
            ReportMacroCell cell = section.Macro.Single(c => c.Embedding == s.Embedding && c.Fraction == s.Fraction);
            Assert.Equal((s.Auroc.Value, s.Auroc.Lower, s.Auroc.Upper), (cell.Auroc.Value, cell.Auroc.Lower, cell.Auroc.Upper));
            Assert.Equal((s.Auprc.Value, s.Auprc.Lower, s.Auprc.Upper), (cell.Auprc.Value, cell.Auprc.Lower, cell.Auprc.Upper));
            Assert.Equal(s.AurocPerSeed, cell.AurocPerSeed);
            foreach (ProbeCodeScore k in s.Codes)
            {
                ReportCodeCell code = section.Codes.Single(c => c.Embedding == s.Embedding && c.Fraction == s.Fraction && c.Code == k.Code);
                Assert.Equal((k.Auroc.Value, k.Auroc.Lower, k.Auroc.Upper), (code.Auroc.Value, code.Auroc.Lower, code.Auroc.Upper));
                Assert.Equal(result.Labels.Codes.Single(x => x.Code == k.Code).TestPositives, code.TestPositives);
            }
        }

        // The first folder has no difference; random at 10 %: AUROC worse, AUPRC better; at 100 %: no claim either way.
        Assert.All(section.Macro.Where(c => c.Embedding == LamaeEmbeddings), c => Assert.Null(c.AurocDifference));
        ReportMacroCell small = section.Macro.Single(c => c.Embedding == RandomEmbeddings && c.Fraction == 0.1);
        ReportMacroCell whole = section.Macro.Single(c => c.Embedding == RandomEmbeddings && c.Fraction == 1);
        Assert.Equal((-1, 1), (small.AurocDifference!.Verdict, small.AuprcDifference!.Verdict));
        Assert.Equal((0, 0), (whole.AurocDifference!.Verdict, whole.AuprcDifference!.Verdict));
        Assert.Equal(-0.12, small.AurocDifference.Difference);
        Assert.Equal(LamaeEmbeddings, small.AurocDifference.Against);
    }

    [Fact]
    public void Constant_codes_are_gathered_per_folder_and_fraction_with_their_seeds_and_reasons()
    {
        string probe = WriteProbe(Path.Combine(dir.Path, "probe"), Result("/nowhere/a", "/nowhere/b"));

        ProbeReportSection section = ProbeReportBuilder.Build([probe]).Probes[0];

        Assert.Equal([LamaeEmbeddings, RandomEmbeddings], section.Constant.Select(c => c.Embedding));
        Assert.All(section.Constant, c =>
        {
            Assert.Equal(("I10", 0.1), (c.Code, c.Fraction));
            Assert.Equal([1], c.Seeds);
            Assert.Contains("no positive", Assert.Single(c.Reasons), StringComparison.Ordinal);
        });
        Assert.Equal("Z99", Assert.Single(section.Dropped).Code);
    }

    [Fact]
    public void Two_probe_folders_of_one_name_get_two_names_and_their_own_image_files()
    {
        string a = WriteProbe(Path.Combine(dir.Path, "a", "probe"), Result("/nowhere/a", "/nowhere/b"));
        string b = WriteProbe(Path.Combine(dir.Path, "b", "probe"), Result("/nowhere/a", "/nowhere/b"));

        ProbeReport report = ProbeReportBuilder.Build([a, b]);

        Assert.Equal(["probe", "probe-2"], report.Probes.Select(p => p.Name));
        Assert.NotEqual(report.Probes[0].Images.AurocVsFraction, report.Probes[1].Images.AurocVsFraction);
    }

    [Theory]
    [InlineData("{}", "labels missing")]
    [InlineData("{\"labels\": ", "not a probe result")]
    [InlineData("no comparison", "the scores of random at 100 % labels")]
    public void An_incomplete_or_corrupt_probe_json_is_refused_with_one_line_naming_the_file(string content, string expected)
    {
        string probe = Path.Combine(dir.Path, "probe");
        if (content == "no comparison")
        {
            ProbeResult result = Result("/nowhere/a", "/nowhere/b");
            WriteProbe(probe, result with { Comparisons = [.. result.Comparisons.Where(c => c.Fraction != 1)] });
        }
        else
        {
            Directory.CreateDirectory(probe);
            File.WriteAllText(Path.Combine(probe, ProbeFolder.ResultFileName), content);
        }

        var ex = Assert.Throws<LamaeException>(() => ProbeReportBuilder.Build([probe]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(ProbeFolder.ResultFileName, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_run_folder_gives_its_final_losses_and_a_curve_file_and_one_without_epochs_none()
    {
        string run = WriteRun(Path.Combine(dir.Path, "lamae-run"), epochs: 3);
        string fresh = WriteRun(Path.Combine(dir.Path, "fresh"), epochs: 0);
        string probe = WriteProbe(Path.Combine(dir.Path, "probe"), Result("/nowhere/a", "/nowhere/b"));

        ProbeReport report = ProbeReportBuilder.Build([probe], [run, fresh]);

        Assert.Equal(3, report.Runs[0].Epochs);
        Assert.Equal(1.0 / 3, report.Runs[0].Final!.TrainLoss);
        Assert.Equal("curve-lamae-run.png", report.Runs[0].Curve);
        Assert.Null(report.Runs[1].Final);
        Assert.Null(report.Runs[1].Curve);
    }
}

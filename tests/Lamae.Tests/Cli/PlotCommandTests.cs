using System.Text.Json;
using Lamae.Cli;
using Lamae.Core;
using Lamae.Reporting;
using Lamae.Tests.Reporting;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

public class PlotCommandTests
{
    [Fact]
    public void A_ptbxl_record_gives_a_page_with_a_trace_in_every_cell()
    {
        using TempFolder dir = Fixtures.Temp();
        string png = Path.Combine(dir.Path, "HR00001.png");

        CliResult r = CliRunner.Run("plot", Fixtures.Path("cinc", "ptbxl", "HR00001"), "--out", png, "--json");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal(1350, doc.RootElement.GetProperty("width").GetInt32());
        Assert.Equal([png], Directory.GetFiles(dir.Path));   // no temporary file left beside it
        EcgPlotLayout layout = EcgPlot.LayoutFor();
        PrintoutImage image = PrintoutImage.Decode(File.ReadAllBytes(png), layout);
        Assert.Equal((layout.WidthPx, layout.HeightPx), (image.Width, image.Height));
        foreach (Lead lead in Leads.All)
        {
            PixelRect box = image.Interior(EcgPlotLayout.CellMm(lead));
            Assert.True(image.DarkPixels(box).Count >= box.Right - box.Left, $"{lead.Name()} has no trace");
        }
    }

    [Fact]
    public void Flat_leads_of_a_real_record_are_straight_lines()
    {
        using TempFolder dir = Fixtures.Temp();
        string png = Path.Combine(dir.Path, "JS20004.png");

        CliResult r = CliRunner.Run("plot", Fixtures.Path("cinc", "ningbo", "JS20004"), "--out", png);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.StartsWith($"wrote {png}: 1350x875 px", Assert.Single(r.StderrLines), StringComparison.Ordinal);
        EcgPlotLayout layout = EcgPlot.LayoutFor();
        PrintoutImage image = PrintoutImage.Decode(File.ReadAllBytes(png), layout);
        foreach (Lead lead in new[] { Lead.V2, Lead.V4, Lead.V6 })
        {
            PixelRect box = image.Interior(EcgPlotLayout.CellMm(lead));
            double baseline = layout.ToPixels(EcgPlotLayout.BaselineMm(EcgPlotLayout.CellOf(lead).Row));
            List<(int X, int Y)> dark = image.DarkPixels(box);
            Assert.Equal(box.Right - box.Left, dark.Select(p => p.X).Distinct().Count());
            Assert.All(dark, p => Assert.InRange(p.Y, baseline - 1.5, baseline + 1.5));
        }
    }

    [Fact]
    public void A_100_hz_record_fills_the_same_page()
    {
        using TempFolder dir = Fixtures.Temp();
        string png = Path.Combine(dir.Path, "lr.png");

        CliResult r = CliRunner.Run("plot", Fixtures.Path("ptbxl", "records100", "00000", "00001_lr"), "--out", png);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        PrintoutImage image = PrintoutImage.Decode(File.ReadAllBytes(png), EcgPlot.LayoutFor());
        Assert.NotEmpty(image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(Lead.V6))));
    }

    [Fact]
    public void A_missing_record_is_one_line_and_exit_2()
    {
        using TempFolder dir = Fixtures.Temp();

        CliResult r = CliRunner.Run("plot", "/no/such/record", "--out", Path.Combine(dir.Path, "x.png"));

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Equal("lamae: error: /no/such/record: no such record (looked for /no/such/record.hea)", Assert.Single(r.StderrLines));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("page.jpg")]
    [InlineData("page")]
    public void An_output_that_is_not_png_is_a_usage_error(string name)
    {
        using TempFolder dir = Fixtures.Temp();
        string target = Path.Combine(dir.Path, name);

        CliResult r = CliRunner.Run("plot", Fixtures.Path("cinc", "ptbxl", "HR00001"), "--out", target);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal($"lamae: --out {target}: must be a .png file name.", Assert.Single(r.StderrLines));
    }

    [Fact]
    public void An_output_folder_that_does_not_exist_is_one_line_and_exit_2()
    {
        using TempFolder dir = Fixtures.Temp();
        string target = Path.Combine(dir.Path, "missing", "page.png");

        CliResult r = CliRunner.Run("plot", Fixtures.Path("cinc", "ptbxl", "HR00001"), "--out", target);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Equal($"lamae: error: {target}: cannot write the PNG, the folder {Path.GetDirectoryName(target)} does not exist", Assert.Single(r.StderrLines));
    }

    [Fact]
    public void An_output_under_a_file_is_one_line_and_exit_2()
    {
        using TempFolder dir = Fixtures.Temp();
        string file = Path.Combine(dir.Path, "notes.txt");
        File.WriteAllText(file, "x");
        string target = Path.Combine(file, "page.png");

        CliResult r = CliRunner.Run("plot", Fixtures.Path("cinc", "ptbxl", "HR00001"), "--out", target);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Equal($"lamae: error: {target}: cannot write the PNG, {file} is a file, not a folder", Assert.Single(r.StderrLines));
    }

    [Fact]
    public void A_negative_start_is_a_usage_error()
    {
        using TempFolder dir = Fixtures.Temp();

        CliResult r = CliRunner.Run("plot", Fixtures.Path("cinc", "ptbxl", "HR00001"), "--out", Path.Combine(dir.Path, "x.png"), "--start", "-1");

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Equal("lamae: --start -1: must be a number of seconds, 0 or more.", Assert.Single(r.StderrLines));
    }

    [Fact]
    public void A_start_past_the_end_is_one_line_and_exit_2()
    {
        using TempFolder dir = Fixtures.Temp();

        CliResult r = CliRunner.Run("plot", Fixtures.Path("cinc", "ptbxl", "HR00001"), "--out", Path.Combine(dir.Path, "x.png"), "--start", "12");

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Equal("lamae: error: HR00001: the page would start at 12 s, but the record is 10 s long", Assert.Single(r.StderrLines));
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Plot_without_out_is_a_usage_error()
    {
        CliResult r = CliRunner.Run("plot", Fixtures.Path("cinc", "ptbxl", "HR00001"));

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--out", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }
}

using Lamae.Core;
using Lamae.Reporting;

namespace Lamae.Tests.Reporting;

public class EcgPlotTests
{
    private const double Rate = 500;

    [Fact]
    public void The_png_has_the_page_size_in_its_header_and_decodes()
    {
        Ecg ecg = Synthetic(10, (_, t) => Beat(t));
        byte[] png = EcgPlot.RenderPng(ecg);

        EcgPlotLayout layout = EcgPlot.LayoutFor();
        // 270 x 175 mm of paper at 5 px/mm: 10 s at 25 mm/s plus margins, four 40 mm rows plus the footer.
        Assert.Equal((1350, 875), (layout.WidthPx, layout.HeightPx));
        Assert.Equal((layout.WidthPx, layout.HeightPx), PrintoutImage.HeaderSize(png));
        PrintoutImage image = PrintoutImage.Decode(png, layout);
        Assert.Equal((1350, 875), (image.Width, image.Height));
    }

    [Fact]
    public void The_resolution_option_scales_the_page_and_keeps_one_mm_square()
    {
        var options = new EcgPlotOptions { PixelsPerMm = 4 };
        byte[] png = EcgPlot.RenderPng(Synthetic(10, (_, t) => Beat(t)), options);

        Assert.Equal((1080, 700), PrintoutImage.HeaderSize(png));
    }

    [Fact]
    public void Present_leads_have_a_trace_in_their_cell_and_an_absent_lead_none()
    {
        Ecg ecg = Synthetic(10, (_, t) => Beat(t), absent: Lead.aVL);
        EcgPlotLayout layout = EcgPlot.LayoutFor();
        PrintoutImage image = PrintoutImage.Decode(EcgPlot.RenderPng(ecg), layout);

        foreach (Lead lead in Leads.All)
        {
            PixelRect box = image.Interior(EcgPlotLayout.CellMm(lead));
            int dark = image.DarkPixels(box).Count;
            if (lead == Lead.aVL)
            {
                Assert.Equal(0, dark);
            }
            else
            {
                // A trace crosses every pixel column of the cell at least once.
                Assert.True(dark >= box.Right - box.Left, $"{lead.Name()}: only {dark} dark pixels");
            }
        }

        Assert.True(image.DarkPixels(image.Interior(EcgPlotLayout.RhythmMm)).Count >= 1000);
    }

    [Fact]
    public void A_flat_lead_is_a_straight_line_on_its_baseline_whatever_its_offset()
    {
        Ecg ecg = Synthetic(10, (lead, t) => lead == Lead.V2 ? 0.7f : Beat(t));
        EcgPlotLayout layout = EcgPlot.LayoutFor();
        PrintoutImage image = PrintoutImage.Decode(EcgPlot.RenderPng(ecg), layout);

        PixelRect box = image.Interior(EcgPlotLayout.CellMm(Lead.V2));
        List<(int X, int Y)> dark = image.DarkPixels(box);
        double baseline = layout.ToPixels(EcgPlotLayout.BaselineMm(EcgPlotLayout.CellOf(Lead.V2).Row));
        Assert.All(dark, p => Assert.InRange(p.Y, baseline - 1.5, baseline + 1.5));
        Assert.Equal(box.Right - box.Left, dark.Select(p => p.X).Distinct().Count());
    }

    [Fact]
    public void Each_column_shows_its_own_time_slice_at_10_mm_per_mV()
    {
        // 1 mV during seconds 5 to 7.5 only, 0 elsewhere (so the median, and the baseline, is 0).
        Ecg ecg = Synthetic(10, (_, t) => t is >= 5 and < 7.5 ? 1f : 0f);
        EcgPlotLayout layout = EcgPlot.LayoutFor();
        PrintoutImage image = PrintoutImage.Decode(EcgPlot.RenderPng(ecg), layout);

        foreach (Lead lead in Leads.All)
        {
            (int row, int column) = EcgPlotLayout.CellOf(lead);
            double baseline = layout.ToPixels(EcgPlotLayout.BaselineMm(row));
            double expected = column == 2 ? baseline - layout.ToPixels(EcgPlotLayout.MmPerMillivolt) : baseline;
            List<(int X, int Y)> dark = image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(lead)));
            Assert.NotEmpty(dark);
            Assert.All(dark, p => Assert.InRange(p.Y, expected - 1.5, expected + 1.5));
        }

        // The rhythm strip is raised exactly between 5 s and 7.5 s.
        MmRect strip = EcgPlotLayout.RhythmMm;
        double stripBase = layout.ToPixels(EcgPlotLayout.BaselineMm(EcgPlotLayout.Rows - 1));
        foreach (double seconds in new[] { 1.0, 4.8, 5.2, 7.3, 7.7, 9.5 })
        {
            int x = (int)Math.Round(layout.ToPixels(EcgPlotLayout.TimeToMm(seconds)));
            int[] ys = [.. image.DarkPixels(new PixelRect(x, layout.ToPixels(strip).Top, x + 1, layout.ToPixels(strip).Bottom)).Select(p => p.Y)];
            double expected = seconds is > 5 and < 7.5 ? stripBase - layout.ToPixels(EcgPlotLayout.MmPerMillivolt) : stripBase;
            Assert.NotEmpty(ys);
            Assert.All(ys, y => Assert.InRange(y, expected - 1.5, expected + 1.5));
        }
    }

    [Fact]
    public void Missing_samples_are_gaps()
    {
        // Lead I has no samples in its second half-cell (1.25 s to 2.5 s).
        Ecg ecg = Synthetic(10, (lead, t) => lead == Lead.I && t is >= 1.25 and < 2.5 ? float.NaN : Beat(t));
        EcgPlotLayout layout = EcgPlot.LayoutFor();
        PrintoutImage image = PrintoutImage.Decode(EcgPlot.RenderPng(ecg), layout);

        MmRect cell = EcgPlotLayout.CellMm(Lead.I);
        PixelRect before = layout.ToPixels(cell with { Left = EcgPlotLayout.TimeToMm(0.5), Right = EcgPlotLayout.TimeToMm(1.2) });
        PixelRect gap = layout.ToPixels(cell with { Left = EcgPlotLayout.TimeToMm(1.3), Right = EcgPlotLayout.TimeToMm(2.4) });
        Assert.NotEmpty(image.DarkPixels(before));
        Assert.Empty(image.DarkPixels(gap));
    }

    [Fact]
    public void Large_excursions_are_clipped_to_their_row()
    {
        // 6 mV spikes in lead II would reach 60 mm above its baseline, far into lead I's row.
        Ecg ecg = Synthetic(10, (lead, t) => lead == Lead.II ? 6 * Beat(t) : 0f);
        EcgPlotLayout layout = EcgPlot.LayoutFor();
        PrintoutImage image = PrintoutImage.Decode(EcgPlot.RenderPng(ecg), layout);

        double baselineI = layout.ToPixels(EcgPlotLayout.BaselineMm(0));
        double baselineIII = layout.ToPixels(EcgPlotLayout.BaselineMm(2));
        Assert.All(image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(Lead.I))), p => Assert.InRange(p.Y, baselineI - 1.5, baselineI + 1.5));
        Assert.All(image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(Lead.III))), p => Assert.InRange(p.Y, baselineIII - 1.5, baselineIII + 1.5));
        PixelRect band = layout.ToPixels(EcgPlotLayout.CellMm(Lead.II));
        Assert.Contains(image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(Lead.II))), p => p.Y <= band.Top + layout.ToPixels(1));
    }

    [Fact]
    public void A_short_record_leaves_the_later_columns_empty()
    {
        Ecg ecg = Synthetic(4, (_, t) => Beat(t));
        PrintoutImage image = PrintoutImage.Decode(EcgPlot.RenderPng(ecg), EcgPlot.LayoutFor());

        Assert.NotEmpty(image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(Lead.I))));
        Assert.Empty(image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(Lead.V1))));
        Assert.Empty(image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(Lead.V6))));
    }

    [Fact]
    public void The_start_option_moves_the_page()
    {
        // 1 mV from 12 s on: a page starting at 9.5 s shows the step at 2.5 s, between columns 0 and 1.
        Ecg ecg = Synthetic(20, (_, t) => t >= 12 ? 1f : 0f);
        EcgPlotLayout layout = EcgPlot.LayoutFor();
        PrintoutImage image = PrintoutImage.Decode(EcgPlot.RenderPng(ecg, new EcgPlotOptions { StartSeconds = 9.5 }), layout);

        // The median over the page (9.5-19.5 s, three quarters at 1 mV) is 1 mV: that part sits on the baseline,
        // the first column (9.5-12 s, at 0 mV) 10 mm below it.
        double baseline = layout.ToPixels(EcgPlotLayout.BaselineMm(0));
        double below = baseline + layout.ToPixels(EcgPlotLayout.MmPerMillivolt);
        Assert.All(image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(Lead.I))), p => Assert.InRange(p.Y, below - 1.5, below + 1.5));
        Assert.All(image.DarkPixels(image.Interior(EcgPlotLayout.CellMm(Lead.V4))), p => Assert.InRange(p.Y, baseline - 1.5, baseline + 1.5));
    }

    [Fact]
    public void A_start_past_the_end_names_the_record_and_its_length()
    {
        Ecg ecg = Synthetic(4, (_, t) => Beat(t));

        var ex = Assert.Throws<LamaeException>(() => EcgPlot.RenderPng(ecg, new EcgPlotOptions { StartSeconds = 5 }));
        Assert.Equal("synthetic: the page would start at 5 s, but the record is 4 s long", ex.Message);
    }

    [Fact]
    public void Save_writes_the_file_whole_and_leaves_nothing_else()
    {
        using var dir = Support.Fixtures.Temp();
        string path = Path.Combine(dir.Path, "page.png");

        EcgPlot.SavePng(Synthetic(10, (_, t) => Beat(t)), path);

        Assert.Equal([path], Directory.GetFiles(dir.Path));
        Assert.Equal((1350, 875), PrintoutImage.HeaderSize(File.ReadAllBytes(path)));
    }

    // A crude beat every second: a 1 mV, 40 ms triangle at 0.3 s past each second.
    private static float Beat(double t)
    {
        double phase = t - Math.Floor(t) - 0.3;
        return Math.Abs(phase) < 0.02 ? (float)(1 - (Math.Abs(phase) / 0.02)) : 0f;
    }

    private static Ecg Synthetic(double seconds, Func<Lead, double, float> signal, Lead? absent = null)
    {
        int n = (int)Math.Round(seconds * Rate);
        var leads = new Dictionary<Lead, float[]>();
        foreach (Lead lead in Leads.All.Where(l => l != absent))
        {
            leads[lead] = [.. Enumerable.Range(0, n).Select(k => signal(lead, k / Rate))];
        }

        return Ecg.FromLeads(Rate, leads, new EcgMetadata("synthetic"));
    }
}

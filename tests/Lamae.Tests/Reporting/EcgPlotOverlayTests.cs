using Lamae.Core;
using Lamae.Reporting;
using SkiaSharp;

namespace Lamae.Tests.Reporting;

/// <summary>The printout's overlay (a second ECG in blue, e.g. the truth under a reconstruction), lead notes and gain.</summary>
public sealed class EcgPlotOverlayTests
{
    private const double Rate = 100;

    [Fact]
    public void The_overlay_is_drawn_in_blue_in_the_leads_it_has_and_nowhere_else()
    {
        Ecg flat = Make(_ => 0f, null);
        Ecg truth = Make(t => Math.Abs((t % 1) - 0.5) < 0.05 ? 3f : 0f, Lead.V2);
        var options = new EcgPlotOptions { Overlay = truth, MmPerUnit = EcgPlotOptions.StandardisedMmPerUnit, LeadNotes = new Dictionary<Lead, string> { [Lead.V2] = "rebuilt" }, Caption = "blue: true signal" };

        byte[] png = EcgPlot.RenderPng(flat, options);
        byte[] plain = EcgPlot.RenderPng(flat);

        EcgPlotLayout layout = EcgPlot.LayoutFor(options);
        Assert.True(BluePixels(png, layout, Lead.V2) > 20, "no blue trace in V2");
        Assert.Equal(0, BluePixels(png, layout, Lead.V1));
        Assert.Equal(0, BluePixels(plain, layout, Lead.V2));
    }

    [Fact]
    public void An_overlay_of_another_length_is_refused()
    {
        Ecg a = Make(_ => 0f, null);
        Ecg b = Ecg.FromLeads(Rate, new Dictionary<Lead, float[]> { [Lead.I] = new float[10] }, new EcgMetadata("short"));

        Assert.Throws<ArgumentException>(() => EcgPlot.RenderPng(a, new EcgPlotOptions { Overlay = b }));
    }

    private static int BluePixels(byte[] png, EcgPlotLayout layout, Lead lead)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png);
        PixelRect box = layout.ToPixels(EcgPlotLayout.CellMm(lead) with { Left = EcgPlotLayout.CellMm(lead).Left + 20, Top = EcgPlotLayout.CellMm(lead).Top + 10 });
        int count = 0;
        for (int y = box.Top; y < box.Bottom; y++)
        {
            for (int x = box.Left; x < box.Right; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                count += c.Blue > 150 && c.Red < 100 ? 1 : 0;
            }
        }

        return count;
    }

    private static Ecg Make(Func<double, float> signal, Lead? only)
    {
        int n = (int)(10 * Rate);
        var leads = Leads.All.Where(l => only is null || l == only).ToDictionary(l => l, _ => Enumerable.Range(0, n).Select(k => signal(k / Rate)).ToArray());
        return Ecg.FromLeads(Rate, leads, new EcgMetadata("overlay") { Unit = EcgUnit.Standardised });
    }
}

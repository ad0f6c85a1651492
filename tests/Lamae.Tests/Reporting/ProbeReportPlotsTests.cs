using Lamae.Evaluation;
using Lamae.Reporting;
using Lamae.Tests.Support;
using SkiaSharp;
using static Lamae.Tests.Reporting.ProbeReportFixture;

namespace Lamae.Tests.Reporting;

public sealed class ProbeReportPlotsTests : IDisposable
{
    // Enough pixels for a drawn line, markers and error bars; far above stray anti-aliasing.
    private const int DrawnPixels = 100;

    // A channel spread above this is a colour, not the black, grey and white of axes, text and background.
    private const int Saturation = 60;

    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData(BinaryMetric.Auroc)]
    [InlineData(BinaryMetric.AveragePrecision)]
    public void The_macro_plot_draws_each_embeddings_folder_in_its_own_colour(BinaryMetric metric)
    {
        ProbeReportSection probe = Probe();

        using SKBitmap bitmap = SKBitmap.Decode(ProbeReportPlots.MacroVsFraction(probe, metric));

        Assert.True(Count(bitmap, Palette(0)) >= DrawnPixels, "the first folder is not drawn");
        Assert.True(Count(bitmap, Palette(1)) >= DrawnPixels, "the second folder is not drawn");
    }

    [Fact]
    public void The_per_code_plot_draws_every_folders_dots_and_the_pixel_count_sees_nothing_on_a_blank_image()
    {
        using SKBitmap bitmap = SKBitmap.Decode(ProbeReportPlots.PerCodeAuroc(Probe()));
        using var blank = new SKBitmap(bitmap.Width, bitmap.Height);
        blank.Erase(SKColors.White);

        Assert.True(Count(bitmap, Palette(0)) >= DrawnPixels / 2);
        Assert.True(Count(bitmap, Palette(1)) >= DrawnPixels / 2);
        Assert.Equal(0, Count(blank, Palette(0)));
    }

    [Fact]
    public void The_heatmap_fills_a_coloured_cell_for_every_code_and_lead()
    {
        string lamae = WriteEmbeddings(Path.Combine(dir.Path, "lamae"), LamaeEmbeddings, leadWeights: true);
        var result = Result(lamae, "/nowhere");
        LeadWeightSummary summary = LeadWeightSummary.Read(result.Embeddings[0], result.Labels, "lw.png")!;

        using SKBitmap bitmap = SKBitmap.Decode(ProbeReportPlots.LeadWeightHeatmap(summary, "lead weights"));

        // The cells fill most of the data area, every one a colour of the colormap; the colour bar alone is under 5 % of the image.
        int coloured = Saturated(bitmap);
        Assert.True(coloured >= bitmap.Width * bitmap.Height / 4, $"only {coloured} coloured pixels of {bitmap.Width * bitmap.Height}");
    }

    private ProbeReportSection Probe() =>
        ProbeReportBuilder.Build([WriteProbe(Path.Combine(dir.Path, "probe"), Result("/nowhere/a", "/nowhere/b"))]).Probes[0];

    private static SKColor Palette(int index)
    {
        ScottPlot.Color c = new ScottPlot.Palettes.Category10().GetColor(index);
        return new SKColor(c.R, c.G, c.B);
    }

    // Pixels within a small distance of colour c (lines and markers are drawn at full opacity).
    private static int Count(SKBitmap bitmap, SKColor c)
    {
        int n = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor p = bitmap.GetPixel(x, y);
                if (Math.Abs(p.Red - c.Red) + Math.Abs(p.Green - c.Green) + Math.Abs(p.Blue - c.Blue) <= 30)
                {
                    n++;
                }
            }
        }

        return n;
    }

    private static int Saturated(SKBitmap bitmap)
    {
        int n = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor p = bitmap.GetPixel(x, y);
                int max = Math.Max(p.Red, Math.Max(p.Green, p.Blue)), min = Math.Min(p.Red, Math.Min(p.Green, p.Blue));
                if (max - min > Saturation)
                {
                    n++;
                }
            }
        }

        return n;
    }
}

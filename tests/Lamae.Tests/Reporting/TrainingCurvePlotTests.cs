using Lamae.Reporting;
using Lamae.Training;
using SkiaSharp;

namespace Lamae.Tests.Reporting;

public class TrainingCurvePlotTests
{
    // The series colours TrainingCurvePlot draws with (ScottPlot's named colours).
    private static readonly SKColor MaskedLossBlue = Skia(ScottPlot.Colors.Blue);
    private static readonly SKColor DroppedLossOrangeRed = Skia(ScottPlot.Colors.OrangeRed);
    private static readonly SKColor MeanLevelGreen = Skia(ScottPlot.Colors.DarkGreen);

    // Anti-aliased lines are their colour blended over the white background: a pixel counts as a series' ink when it is
    // such a blend with at least this weight of the colour, each channel within BlendTolerance of the blend.
    private const double MinInk = 0.5;
    private const int BlendTolerance = 30;

    // Enough pixels for a drawn line segment or marker; far above stray anti-aliasing.
    private const int DrawnPixels = 50;

    [Fact]
    public void The_curve_is_a_png_of_the_declared_size_even_with_missing_validation_values()
    {
        EpochMetrics[] metrics =
        [
            new() { Epoch = 0, TrainLoss = 1.02, ValidationLoss = 0.98, ValidationMaskedLoss = 0.97, ValidationDroppedLoss = 1.0 },
            new() { Epoch = 1, TrainLoss = 0.95, ValidationLoss = null },
            new() { Epoch = 2, TrainLoss = double.NaN, ValidationLoss = 0.9, ValidationMaskedLoss = 0.88 },
        ];

        byte[] png = TrainingCurvePlot.RenderPng(metrics, 1.0, "lamae (tiny)");

        using SKBitmap bitmap = SKBitmap.Decode(png);
        Assert.Equal(900, bitmap.Width);
        Assert.Equal(560, bitmap.Height);
        // Each series with a finite value is drawn: the masked loss (two points, a line), the dropped-lead loss (one
        // point, a marker), and the level to beat.
        Assert.True(Count(bitmap, MaskedLossBlue, Whole(bitmap)) >= DrawnPixels, "no masked-loss curve drawn");
        Assert.True(Count(bitmap, DroppedLossOrangeRed, Whole(bitmap)) >= DrawnPixels / 2, "no dropped-lead marker drawn");
        Assert.True(Count(bitmap, MeanLevelGreen, Whole(bitmap)) >= DrawnPixels, "no mean level drawn");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_falling_loss_is_drawn_from_the_upper_left_and_a_rising_one_to_the_upper_right(bool falling)
    {
        // Only the masked loss has values: from 1.0 to 0.1 over ten epochs (or back), on a y axis from 0 to 1.08.
        EpochMetrics[] metrics = [.. Enumerable.Range(0, 10).Select(e => new EpochMetrics
        {
            Epoch = e,
            TrainLoss = double.NaN,
            ValidationMaskedLoss = falling ? 1.0 - (0.1 * e) : 0.1 + (0.1 * e),
        })];

        using SKBitmap bitmap = SKBitmap.Decode(TrainingCurvePlot.RenderPng(metrics, null, "one falling curve"));

        // Upper half of the image, left and right thirds: the legend sits lower left, out of both.
        int upperLeft = Count(bitmap, MaskedLossBlue, new SKRectI(0, 0, bitmap.Width / 3, bitmap.Height / 2));
        int upperRight = Count(bitmap, MaskedLossBlue, new SKRectI(bitmap.Width * 2 / 3, 0, bitmap.Width, bitmap.Height / 2));
        (int high, int low) = falling ? (upperLeft, upperRight) : (upperRight, upperLeft);
        Assert.True(high >= DrawnPixels, $"the curve's high end is not drawn: {high} curve pixels upper {(falling ? "left" : "right")}");
        Assert.Equal(0, low);
    }

    [Fact]
    public void The_pixel_counts_see_nothing_on_a_blank_image_or_a_plot_without_values()
    {
        using var blank = new SKBitmap(900, 560);
        blank.Erase(SKColors.White);
        using SKBitmap empty = SKBitmap.Decode(TrainingCurvePlot.RenderPng([], null, "no epochs"));

        // So the assertions above fail on a plot that draws no curve, whatever its axes, title and legend.
        foreach (SKBitmap b in new[] { blank, empty })
        {
            Assert.Equal(0, Count(b, MaskedLossBlue, Whole(b)));
            Assert.Equal(0, Count(b, DroppedLossOrangeRed, Whole(b)));
            Assert.Equal(0, Count(b, MeanLevelGreen, Whole(b)));
        }
    }

    [Fact]
    public void Saving_writes_the_file_whole()
    {
        using var dir = Support.Fixtures.Temp();
        string path = Path.Combine(dir.Path, "curve.png");

        TrainingCurvePlot.SavePng([new EpochMetrics { Epoch = 0, TrainLoss = 0.5 }], null, "one epoch", path);

        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Single(Directory.GetFiles(dir.Path));   // no temporary file left behind
    }

    private static SKColor Skia(ScottPlot.Color c) => new(c.R, c.G, c.B);

    private static SKRectI Whole(SKBitmap b) => new(0, 0, b.Width, b.Height);

    // Pixels of r that are ink of colour c. Reads the pixel memory in place: no allocation per pixel, so these tests
    // add no garbage-collection load to the torch tests that run beside them.
    private static int Count(SKBitmap bitmap, SKColor c, SKRectI r)
    {
        bool bgra = bitmap.ColorType == SKColorType.Bgra8888;
        Assert.True(bgra || bitmap.ColorType == SKColorType.Rgba8888, $"unexpected colour type {bitmap.ColorType}");
        ReadOnlySpan<byte> pixels = bitmap.GetPixelSpan();
        int n = 0;
        for (int y = r.Top; y < r.Bottom; y++)
        {
            for (int x = r.Left; x < r.Right; x++)
            {
                ReadOnlySpan<byte> p = pixels.Slice((y * bitmap.RowBytes) + (x * 4), 4);
                if (bgra ? IsInk(p[2], p[1], p[0], c) : IsInk(p[0], p[1], p[2], c))
                {
                    n++;
                }
            }
        }

        return n;
    }

    // Whether (red, green, blue) is c blended over white, p = a c + (1 - a) white, with a >= MinInk.
    private static bool IsInk(int red, int green, int blue, SKColor c)
    {
        int dr = 255 - c.Red, dg = 255 - c.Green, db = 255 - c.Blue;
        // a is read off the channel where c differs most from white.
        (int value, int depth) = dr >= dg && dr >= db ? (red, dr) : dg >= db ? (green, dg) : (blue, db);
        double a = (255.0 - value) / depth;
        return a >= MinInk && Near(red, dr, a) && Near(green, dg, a) && Near(blue, db, a);
    }

    private static bool Near(int value, int depth, double a) => Math.Abs(value - (255 - (a * depth))) <= BlendTolerance;
}

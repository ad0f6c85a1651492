using Lamae.Reporting;
using Lamae.Training;
using SkiaSharp;

namespace Lamae.Tests.Reporting;

public class TrainingCurvePlotTests
{
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
}

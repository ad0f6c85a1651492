using Lamae.Common;
using Lamae.Models;
using Lamae.Training;
using ScottPlot;

namespace Lamae.Reporting;

/// <summary>The pretraining curve of a run: losses per epoch against the predict-the-mean level (curve.png in a run folder).</summary>
public static class TrainingCurvePlot
{
    private const int WidthPx = 900;
    private const int HeightPx = 560;

    /// <summary>The y axis of the masked models' curves.</summary>
    public const string MaskedLossLabel = "mean squared error per hidden sample";

    /// <summary>The y axis of the contrastive model's curve.</summary>
    public const string ContrastiveLossLabel = "InfoNCE loss (chance: ln of the batch size)";

    /// <summary>
    /// Renders the curve of <paramref name="metrics"/> as PNG bytes; <paramref name="meanLevel"/> draws the level to beat;
    /// <paramref name="yLabel"/> names the loss (default <see cref="MaskedLossLabel"/>).
    /// </summary>
    public static byte[] RenderPng(IReadOnlyList<EpochMetrics> metrics, double? meanLevel, string title, string yLabel = MaskedLossLabel)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        using var plot = new Plot();
        double[] epochs = [.. metrics.Select(m => m.Epoch + 1.0)];
        Add(plot, epochs, metrics.Select(m => (double?)m.TrainLoss), "train loss", Colors.Gray, LinePattern.Solid);
        Add(plot, epochs, metrics.Select(m => m.ValidationLoss), "validation loss (objective)", Colors.Black, LinePattern.Solid);
        Add(plot, epochs, metrics.Select(m => m.ValidationMaskedLoss), "validation: hidden patches of visible leads", Colors.Blue, LinePattern.Solid);
        Add(plot, epochs, metrics.Select(m => m.ValidationDroppedLoss), "validation: leads hidden whole", Colors.OrangeRed, LinePattern.Solid);
        if (meanLevel is { } level)
        {
            var line = plot.Add.HorizontalLine(level, 1.5f, Colors.DarkGreen, LinePattern.Dashed);
            line.LegendText = "predict the mean";
        }

        // From zero, so the drop below the mean level is seen at its true size; whole epochs on the x axis.
        double top = new[] { meanLevel ?? 0, 1.0 }.Concat(metrics.SelectMany(m => new double?[] { m.TrainLoss, m.ValidationLoss, m.ValidationMaskedLoss, m.ValidationDroppedLoss })
            .Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value)).Max();
        plot.Axes.SetLimitsY(0, top * 1.08);
        plot.Axes.SetLimitsX(0.5, Math.Max(1, epochs.Length == 0 ? 1 : epochs.Max()) + 0.5);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Font.Set(EcgPlot.FontName);
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.LowerLeft);
        return plot.GetImageBytes(WidthPx, HeightPx, ImageFormat.Png);
    }

    /// <summary>The y axis label of a model's curve.</summary>
    public static string LabelFor(string model) => model == ModelNames.Contrastive ? ContrastiveLossLabel : MaskedLossLabel;

    /// <summary>Writes the curve to <paramref name="path"/> atomically.</summary>
    public static void SavePng(IReadOnlyList<EpochMetrics> metrics, double? meanLevel, string title, string path, string yLabel = MaskedLossLabel)
    {
        byte[] png = RenderPng(metrics, meanLevel, title, yLabel);
        AtomicFile.Write(path, stream => stream.Write(png));
    }

    private static void Add(Plot plot, double[] x, IEnumerable<double?> values, string label, Color color, LinePattern pattern)
    {
        double?[] y = [.. values];
        int[] keep = [.. Enumerable.Range(0, x.Length).Where(i => y[i] is { } v && double.IsFinite(v))];
        if (keep.Length == 0)
        {
            return;
        }

        var scatter = plot.Add.Scatter(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]!.Value).ToArray(), color);
        scatter.LegendText = label;
        scatter.LinePattern = pattern;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 6;
    }
}

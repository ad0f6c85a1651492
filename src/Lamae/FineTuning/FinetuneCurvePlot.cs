using Lamae.Common;
using ScottPlot;

namespace Lamae.FineTuning;

/// <summary>A fine-tune's curves: each part's validation macro AUROC by epoch (the early-stopping criterion), each part's kept epoch marked large.</summary>
public static class FinetuneCurvePlot
{
    /// <summary>The PNG of <paramref name="epochs"/>; a plot with a note when there is no epoch (every code constant).</summary>
    public static byte[] RenderPng(IReadOnlyList<FinetuneEpoch> epochs, string title)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("epoch");
        plot.YLabel("validation macro AUROC");
        foreach (IGrouping<string, FinetuneEpoch> part in epochs.GroupBy(e => e.Part))
        {
            FinetuneEpoch[] defined = part.Where(e => e.ValidationAuroc is not null).ToArray();
            if (defined.Length == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(defined.Select(e => (double)e.Epoch + 1).ToArray(), defined.Select(e => e.ValidationAuroc!.Value).ToArray());
            line.LegendText = part.Key;
            FinetuneEpoch best = defined.Where(e => e.Best).DefaultIfEmpty(defined[0]).Last();
            var marker = plot.Add.Marker(best.Epoch + 1, best.ValidationAuroc!.Value);
            marker.Color = line.Color;
            marker.Size = 12;
        }

        if (epochs.Count == 0)
        {
            plot.Add.Text("no epoch: no code had both classes among the labelled training records", 0, 0);
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend();
        return plot.GetImageBytes(800, 450, ImageFormat.Png);
    }

    /// <summary>Writes <see cref="RenderPng"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(IReadOnlyList<FinetuneEpoch> epochs, string title, string path)
    {
        byte[] png = RenderPng(epochs, title);
        AtomicFile.Write(path, stream => stream.Write(png));
    }
}

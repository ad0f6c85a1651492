using Lamae.Evaluation;
using Lamae.Evaluation.Probing;
using Lamae.Training;
using ScottPlot;

namespace Lamae.Reporting;

/// <summary>
/// The report's PNG plots (ScottPlot): per probe the macro AUROC and AUPRC against the label fraction and the per-code
/// AUROC at the largest fraction, LAMAE's mean lead weights as a heatmap, and each run's pretraining curve.
/// </summary>
public static class ProbeReportPlots
{
    private const int WidthPx = 900;
    private const int HeightPx = 560;

    // Per code on the per-code plot, so that the codes' labels and the folders' dots stay apart.
    private const int PixelsPerCode = 46;

    // Per code row and per lead column of the heatmap.
    private const int PixelsPerRow = 26;
    private const int PixelsPerLead = 52;

    // How far apart the first and last folder's dots are drawn at one position (in units of the category spacing), so
    // their bars do not overlap: narrow where a line joins the fractions, wider between the codes' ticks.
    private const double FractionDodge = 0.12, CodeDodge = 0.5;

    /// <summary>Every image of <paramref name="report"/>, by file name.</summary>
    public static IReadOnlyDictionary<string, byte[]> RenderAll(ProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var images = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (ProbeReportSection probe in report.Probes)
        {
            images.Add(probe.Images.AurocVsFraction, MacroVsFraction(probe, BinaryMetric.Auroc));
            images.Add(probe.Images.AuprcVsFraction, MacroVsFraction(probe, BinaryMetric.AveragePrecision));
            images.Add(probe.Images.PerCodeAuroc, PerCodeAuroc(probe));
            foreach (LeadWeightSummary summary in probe.LeadWeights)
            {
                if (summary.Image is { } image)
                {
                    images.Add(image, LeadWeightHeatmap(summary, $"Mean lead weight per code: {summary.Embedding} ({probe.Name})"));
                }
            }
        }

        foreach (RunReportSection run in report.Runs)
        {
            if (run.Curve is { } curve)
            {
                // The run's own curve.png has the predict-the-mean level, computed when it was trained; redraw only without it.
                string own = Path.Combine(run.Folder, RunFolder.CurveFileName);
                images.Add(curve, File.Exists(own)
                    ? File.ReadAllBytes(own)
                    : TrainingCurvePlot.RenderPng(run.Metrics, null, $"{run.Name}: {run.Model} ({run.Preset})", TrainingCurvePlot.LabelFor(run.Model)));
            }
        }

        return images;
    }

    /// <summary>The macro AUROC (or AUPRC) at each label fraction, one line per embeddings folder, bars its interval.</summary>
    public static byte[] MacroVsFraction(ProbeReportSection probe, BinaryMetric metric)
    {
        ArgumentNullException.ThrowIfNull(probe);
        string name = metric == BinaryMetric.Auroc ? "AUROC" : "AUPRC";
        IReadOnlyList<double> fractions = probe.Protocol.Fractions;
        using var plot = new Plot();
        // Fractions as categories in their (usually 10x) steps: a log axis without ScottPlot's log-axis workaround.
        for (int e = 0; e < probe.Embeddings.Count; e++)
        {
            string embedding = probe.Embeddings[e].Name;
            var points = fractions.Select((f, i) => (X: i + Dodge(e, probe.Embeddings.Count, FractionDodge), Cell: probe.Macro.First(c => c.Embedding == embedding && c.Fraction == f)))
                .Select(p => (p.X, Interval: ProbeTable.Pick(p.Cell.Auroc, p.Cell.Auprc, metric))).ToArray();
            AddSeries(plot, points, embedding, Colour(e), connect: true);
        }

        if (metric == BinaryMetric.Auroc)
        {
            var chance = plot.Add.HorizontalLine(0.5, 1, Colors.Gray, LinePattern.Dashed);
            chance.LegendText = "chance (0.5)";
        }

        plot.Axes.Bottom.SetTicks([.. fractions.Select((_, i) => (double)i)], [.. fractions.Select(ProbeRunner.Percent)]);
        plot.Axes.SetLimitsX(-0.5, fractions.Count - 0.5);
        plot.Font.Set(EcgPlot.FontName);
        plot.Title($"{probe.Name}: macro {name} by label fraction ({probe.Labels.Name}, mean of {probe.Protocol.Seeds.Count} seeds, 95 % interval)");
        plot.XLabel("share of training patients with labels");
        plot.YLabel($"macro {name}");
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(WidthPx, HeightPx, ImageFormat.Png);
    }

    /// <summary>Every code's AUROC at the largest label fraction, one colour per embeddings folder, bars its interval.</summary>
    public static byte[] PerCodeAuroc(ProbeReportSection probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        double fraction = probe.LargestFraction;
        IReadOnlyList<string> codes = [.. probe.Labels.Codes.Select(c => c.Code)];
        using var plot = new Plot();
        for (int e = 0; e < probe.Embeddings.Count; e++)
        {
            string embedding = probe.Embeddings[e].Name;
            var points = codes.Select((code, i) => (X: i + Dodge(e, probe.Embeddings.Count, CodeDodge),
                Interval: probe.Codes.First(c => c.Code == code && c.Embedding == embedding && c.Fraction == fraction).Auroc)).ToArray();
            AddSeries(plot, points, embedding, Colour(e), connect: false);
        }

        var chance = plot.Add.HorizontalLine(0.5, 1, Colors.Gray, LinePattern.Dashed);
        chance.LegendText = "chance (0.5)";
        plot.Axes.Bottom.SetTicks([.. codes.Select((_, i) => (double)i)], [.. codes]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 12f * Math.Max(4, codes.Max(c => c.Length));
        plot.Axes.SetLimitsX(-0.5, codes.Count - 0.5);
        // From below chance (or the lowest interval) to just above 1, the most an AUROC can be.
        double bottom = probe.Codes.Where(c => c.Fraction == fraction).Select(c => c.Auroc.Lower ?? c.Auroc.Value ?? 0.5).Where(double.IsFinite).DefaultIfEmpty(0.5).Min();
        plot.Axes.SetLimitsY(Math.Min(0.45, bottom - 0.03), 1.02);
        plot.Font.Set(EcgPlot.FontName);
        plot.Title($"{probe.Name}: AUROC per code at {ProbeRunner.Percent(fraction)} labels ({probe.Labels.Name}, 95 % interval)");
        plot.YLabel("AUROC");
        plot.ShowLegend(Alignment.LowerRight);
        return plot.GetImageBytes(Math.Max(WidthPx, (PixelsPerCode * codes.Count) + 200), HeightPx, ImageFormat.Png);
    }

    /// <summary>The mean lead weights as a heatmap: a row per code (then the records with none), a column per lead.</summary>
    public static byte[] LeadWeightHeatmap(LeadWeightSummary summary, string title)
    {
        ArgumentNullException.ThrowIfNull(summary);
        int rows = summary.Rows.Count, leads = summary.Leads.Count;
        double[,] values = new double[rows, leads];
        for (int r = 0; r < rows; r++)
        {
            for (int l = 0; l < leads; l++)
            {
                values[r, l] = summary.Rows[r].Weights[l];
            }
        }

        using var plot = new Plot();
        // Row 0 is drawn at the top, centred on y = rows - 1; columns centred on x = 0 .. leads - 1.
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "mean lead weight";
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, leads).Select(l => (double)l)], [.. summary.Leads]);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r))], [.. summary.Rows.Select(r => r.Group)]);
        plot.Axes.SetLimits(-0.5, leads - 0.5, -0.5, rows - 0.5);
        plot.Font.Set(EcgPlot.FontName);
        plot.Title(title);
        plot.XLabel("lead");
        return plot.GetImageBytes(Math.Max(WidthPx, (PixelsPerLead * leads) + 300), Math.Max(HeightPx / 2, (PixelsPerRow * rows) + 160), ImageFormat.Png);
    }

    // The dots (and, for fractions, the line) of one folder, with the interval as an error bar; undefined values are left out.
    private static void AddSeries(Plot plot, (double X, ReportInterval Interval)[] points, string label, Color colour, bool connect)
    {
        var defined = points.Where(p => p.Interval.Value is { } v && double.IsFinite(v)).ToArray();
        if (defined.Length == 0)
        {
            return;
        }

        double[] xs = [.. defined.Select(p => p.X)];
        double[] ys = [.. defined.Select(p => p.Interval.Value!.Value)];
        var scatter = plot.Add.Scatter(xs, ys, colour);
        scatter.LegendText = label;
        scatter.LineWidth = connect ? 2 : 0;
        scatter.MarkerSize = 8;
        double[] up = [.. defined.Select(p => p.Interval.Upper is { } u ? Math.Max(0, u - p.Interval.Value!.Value) : 0)];
        double[] down = [.. defined.Select(p => p.Interval.Lower is { } l ? Math.Max(0, p.Interval.Value!.Value - l) : 0)];
        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, up, down) { Color = colour, LineWidth = 1.5f, CapSize = 4 };
        plot.Add.Plottable(bars);
    }

    private static double Dodge(int index, int count, double width) => count <= 1 ? 0 : width * ((index / (count - 1.0)) - 0.5);

    private static Color Colour(int index) => new ScottPlot.Palettes.Category10().GetColor(index);
}

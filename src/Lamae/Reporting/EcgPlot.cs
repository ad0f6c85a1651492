using System.Globalization;
using Lamae.Common;
using Lamae.Core;
using ScottPlot;

namespace Lamae.Reporting;

/// <summary>
/// The standard clinical 12-lead printout of an ECG as a PNG: 25 mm/s, 10 mm/mV, a pink millimetre grid,
/// the 3x4 grid of 2.5 s slices (column c shows seconds 2.5c to 2.5(c+1) of the page), a 10 s rhythm strip
/// of lead II, a 1 mV calibration pulse at the start of each row, and a footer naming the record and settings.
/// Optionally a second ECG under the first in blue (<see cref="EcgPlotOptions.Overlay"/>), notes beside lead names and
/// another gain for signals that are not in mV.
/// </summary>
public static class EcgPlot
{
    // Paper and ink, close to the usual thermal printout: faint pink 1 mm lines, stronger red 5 mm lines.
    private static readonly Color Paper = Colors.White;
    private static readonly Color ThinGrid = new(250, 200, 205);
    private static readonly Color ThickGrid = new(235, 125, 135);
    private static readonly Color Ink = Colors.Black;
    private static readonly Color Muted = new(120, 120, 120);
    private static readonly Color Warning = new(200, 0, 0);
    private static readonly Color OverlayInk = new(30, 110, 220);

    // Widths and sizes in millimetres of paper, so that the page looks the same at any resolution.
    private const double TraceLineMm = 0.25;
    private const double ThinGridMm = 0.12;
    private const double ThickGridMm = 0.3;
    private const double LabelFontMm = 3.6;
    private const double NoteFontMm = 2.8;
    private const double FooterFontMm = 3.2;

    // A plain sans face as printouts use; ScottPlot's own "sans" pick is a serif face on some Linux systems.
    internal static readonly string FontName = SkiaSharp.SKFontManager.Default.MatchFamily("DejaVu Sans") is null ? Fonts.Sans : "DejaVu Sans";

    // Traces stop this far inside their row, so that neighbouring rows never touch.
    private const double ClipInsetMm = 0.5;

    // Where the clipping note starts, right of the longest lead name ("aVR") at the label size.
    private const double ClipNoteOffsetMm = 11;

    // Half-height of the tick that marks where one column's lead changes to the next, as printers draw it.
    private const double ColumnTickMm = 2.5;

    /// <summary>The page geometry that <see cref="RenderPng"/> uses for <paramref name="options"/>.</summary>
    public static EcgPlotLayout LayoutFor(EcgPlotOptions? options = null) => new((options ?? new EcgPlotOptions()).PixelsPerMm);

    /// <summary>Renders the printout of <paramref name="ecg"/> as PNG bytes.</summary>
    public static byte[] RenderPng(Ecg ecg, EcgPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ecg);
        options ??= new EcgPlotOptions();
        EcgPlotLayout layout = LayoutFor(options);
        PageWindow window = PageWindow.Of(ecg, options.StartSeconds);
        if (options.Overlay is { } overlay && (overlay.Length != ecg.Length || overlay.SamplingRate != ecg.SamplingRate))
        {
            throw new ArgumentException($"the overlay ({overlay.Length} samples at {Format(overlay.SamplingRate)} Hz) must match the ECG ({ecg.Length} at {Format(ecg.SamplingRate)} Hz)", nameof(options));
        }

        using var plot = new Plot();
        var page = new Page(plot, layout, options);
        page.DrawPaper();
        foreach (Lead lead in Leads.All)
        {
            (int row, int column) = EcgPlotLayout.CellOf(lead);
            int from = window.First + (int)Math.Round(column * EcgPlotLayout.ColumnSeconds * ecg.SamplingRate);
            int to = Math.Min(window.First + (int)Math.Round((column + 1) * EcgPlotLayout.ColumnSeconds * ecg.SamplingRate), window.End);
            page.DrawLead(ecg, lead, EcgPlotLayout.CellMm(lead), row, window, from, to);
        }

        page.DrawLead(ecg, EcgPlotLayout.RhythmLead, EcgPlotLayout.RhythmMm, EcgPlotLayout.Rows - 1, window, window.First, window.End);
        for (int row = 0; row < EcgPlotLayout.Rows; row++)
        {
            page.DrawCalibrationPulse(row);
        }

        page.DrawColumnTicks(window);
        page.DrawFooter(ecg, window);
        return plot.GetImageBytes(layout.WidthPx, layout.HeightPx, ImageFormat.Png);
    }

    /// <summary>Writes the printout to <paramref name="path"/> (written whole beside it, then renamed into place).</summary>
    public static void SavePng(Ecg ecg, string path, EcgPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        if (File.Exists(folder))
        {
            throw new LamaeException($"{path}: cannot write the PNG, {folder} is a file, not a folder");
        }

        if (!Directory.Exists(folder))
        {
            throw new LamaeException($"{path}: cannot write the PNG, the folder {folder} does not exist");
        }

        if (Directory.Exists(full))
        {
            throw new LamaeException($"{path}: cannot write the PNG, a folder of that name exists");
        }

        byte[] png = RenderPng(ecg, options);
        try
        {
            AtomicFile.WriteAllBytes(full, png);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LamaeException($"{path}: cannot write the PNG ({ex.Message})", ex);
        }
    }

    /// <summary>The samples [First, End) that the page shows.</summary>
    private readonly record struct PageWindow(int First, int End, double SamplingRate)
    {
        public double StartSeconds => First / SamplingRate;

        public double EndSeconds => End / SamplingRate;

        public static PageWindow Of(Ecg ecg, double startSeconds)
        {
            if (!(startSeconds >= 0) || double.IsInfinity(startSeconds))
            {
                throw new ArgumentOutOfRangeException(nameof(startSeconds), startSeconds, "the start must be a non-negative number of seconds");
            }

            long first = (long)Math.Round(startSeconds * ecg.SamplingRate);
            if (first >= ecg.Length)
            {
                throw new LamaeException(
                    $"{ecg.Metadata.RecordId}: the page would start at {Format(startSeconds)} s, but the record is {Format(ecg.Duration)} s long");
            }

            long count = Math.Min(ecg.Length - first, (long)Math.Round(EcgPlotLayout.PageSeconds * ecg.SamplingRate));
            return new PageWindow((int)first, (int)(first + count), ecg.SamplingRate);
        }
    }

    /// <summary>One page being drawn: coordinates are millimetres of paper, y downwards (the axis is inverted).</summary>
    private sealed class Page
    {
        private readonly Plot plot;
        private readonly EcgPlotLayout layout;

        private readonly EcgPlotOptions options;
        private readonly double gain;   // mm of paper per unit of the samples

        public Page(Plot plot, EcgPlotLayout layout, EcgPlotOptions options)
        {
            this.plot = plot;
            this.layout = layout;
            this.options = options;
            gain = options.MmPerUnit ?? EcgPlotLayout.MmPerMillivolt;
            plot.Layout.Frameless();
            plot.HideGrid();
            plot.FigureBackground.Color = Paper;
            plot.DataBackground.Color = Paper;
            plot.Axes.SetLimits(0, EcgPlotLayout.PageWidthMm, EcgPlotLayout.GridHeightMm + EcgPlotLayout.FooterHeightMm, 0);
        }

        private float Px(double mm) => (float)Math.Max(1, layout.ToPixels(mm));

        public void DrawPaper()
        {
            int columns = (int)Math.Round(EcgPlotLayout.PageWidthMm);
            int rows = (int)Math.Round(EcgPlotLayout.GridHeightMm);
            // Thin lines first so the 5 mm lines are drawn over them where they coincide.
            foreach (bool thick in new[] { false, true })
            {
                for (int x = 0; x <= columns; x++)
                {
                    if ((x % 5 == 0) == thick)
                    {
                        Segment(x, 0, x, rows, thick ? ThickGrid : ThinGrid, thick ? ThickGridMm : ThinGridMm);
                    }
                }

                for (int y = 0; y <= rows; y++)
                {
                    if ((y % 5 == 0) == thick)
                    {
                        Segment(0, y, columns, y, thick ? ThickGrid : ThinGrid, thick ? ThickGridMm : ThinGridMm);
                    }
                }
            }
        }

        /// <summary>Draws <paramref name="lead"/>'s samples [from, to) in <paramref name="cell"/>, or says why there is no trace.</summary>
        public void DrawLead(Ecg ecg, Lead lead, MmRect cell, int row, PageWindow window, int from, int to)
        {
            Label(lead.Name(), cell.Left + 1.5, cell.Top + 1.5, Alignment.UpperLeft, LabelFontMm, Ink, bold: true);
            if (options.LeadNotes?.GetValueOrDefault(lead) is { } note)
            {
                Label(note, cell.Left + ClipNoteOffsetMm, cell.Top + 1.5 + NoteFontMm + 0.5, Alignment.UpperLeft, NoteFontMm, Muted);
            }

            double baseline = EcgPlotLayout.BaselineMm(row);
            if (!ecg.Has(lead))
            {
                Label("absent", cell.Left + (cell.Width / 2), baseline, Alignment.MiddleCenter, LabelFontMm, Muted);
                return;
            }

            ReadOnlySpan<float> samples = ecg[lead];
            // Display only: the lead's median over the page sits on the baseline, so wander cannot push it off its row.
            double median = Median(samples[window.First..window.End]);
            double top = cell.Top + ClipInsetMm;
            double bottom = cell.Bottom - ClipInsetMm;
            if (options.Overlay is { } overlay && overlay.Has(lead))
            {
                // Under the main trace and on its baseline, so an offset between the two shows.
                DrawTrace(overlay[lead], from, to, window, baseline, median, top, bottom, OverlayInk);
            }

            (int drawn, bool clipped) = DrawTrace(samples, from, to, window, baseline, median, top, bottom, Ink);
            if (drawn == 0)
            {
                Label("no data", cell.Left + (cell.Width / 2), baseline, Alignment.MiddleCenter, LabelFontMm, Muted);
            }

            if (clipped)
            {
                // Beside the lead's own name, so the note cannot be read as the next column's.
                Label("clipped", cell.Left + ClipNoteOffsetMm, cell.Top + 1.5, Alignment.UpperLeft, NoteFontMm, Warning);
            }
        }

        // Draws samples [from, to) as a trace in ink around the baseline; returns the points drawn and whether any was clipped.
        private (int Drawn, bool Clipped) DrawTrace(ReadOnlySpan<float> samples, int from, int to, PageWindow window, double baseline, double median,
            double top, double bottom, Color ink)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            bool clipped = false;
            int drawn = 0;
            for (int k = from; k < to; k++)
            {
                float v = samples[k];
                if (float.IsNaN(v))
                {
                    drawn += Trace(xs, ys, ink);   // a gap: end this stretch of trace
                    continue;
                }

                double y = baseline - ((v - median) * gain);
                if (y < top || y > bottom)
                {
                    clipped = true;
                    y = Math.Clamp(y, top, bottom);
                }

                xs.Add(EcgPlotLayout.TimeToMm((k - window.First) / window.SamplingRate));
                ys.Add(y);
            }

            drawn += Trace(xs, ys, ink);
            return (drawn, clipped);
        }

        /// <summary>The 1 mV (or 1 unit), 0.2 s square pulse left of the traces: the reader's check of the gain.</summary>
        public void DrawCalibrationPulse(int row)
        {
            double b = EcgPlotLayout.BaselineMm(row);
            double up = b - gain;
            double start = EcgPlotLayout.LeftMarginMm - 10;
            double[] xs = [start - 2, start, start, start + (0.2 * EcgPlotLayout.MmPerSecond), start + (0.2 * EcgPlotLayout.MmPerSecond), start + 7];
            double[] ys = [b, b, up, up, b, b];
            Polyline(xs, ys);
        }

        /// <summary>Short ticks where the lead changes between columns of the 3x4 grid (only where the page has samples).</summary>
        public void DrawColumnTicks(PageWindow window)
        {
            double shown = window.EndSeconds - window.StartSeconds;
            for (int row = 0; row < EcgPlotLayout.Rows - 1; row++)
            {
                double b = EcgPlotLayout.BaselineMm(row);
                for (int column = 1; column < EcgPlotLayout.Columns && column * EcgPlotLayout.ColumnSeconds < shown; column++)
                {
                    double x = EcgPlotLayout.TimeToMm(column * EcgPlotLayout.ColumnSeconds);
                    Segment(x, b - ColumnTickMm, x, b + ColumnTickMm, Ink, TraceLineMm);
                }
            }
        }

        public void DrawFooter(Ecg ecg, PageWindow window)
        {
            double y = EcgPlotLayout.GridHeightMm + (EcgPlotLayout.FooterHeightMm / 2);
            var who = new List<string> { ecg.Metadata.RecordId };
            if (ecg.Metadata.Age is double age)
            {
                who.Add($"age {Format(age)}");
            }

            if (ecg.Metadata.Sex != Sex.Unknown)
            {
                who.Add(ecg.Metadata.Sex == Sex.Male ? "male" : "female");
            }

            Label(string.Join(", ", who), 3, y, Alignment.MiddleLeft, FooterFontMm, Ink, bold: true);
            if (options.Caption is { } caption)
            {
                Label(caption, EcgPlotLayout.PageWidthMm / 2, y, Alignment.MiddleCenter, FooterFontMm, options.Overlay is null ? Ink : OverlayInk);
            }

            string unit = ecg.Metadata.Unit == EcgUnit.Standardised ? "SD" : "mV";
            string settings = $"{Format(window.StartSeconds)}\u2013{Format(window.EndSeconds)} s of {Format(ecg.Duration)} s    " +
                $"{Format(EcgPlotLayout.MmPerSecond)} mm/s, {Format(gain)} mm/{unit}, {Format(ecg.SamplingRate)} Hz";
            Label(settings, EcgPlotLayout.PageWidthMm - 3, y, Alignment.MiddleRight, FooterFontMm, Ink);
        }

        // Draws the stretch of trace gathered so far and starts a new one; returns the points drawn.
        private int Trace(List<double> xs, List<double> ys, Color ink)
        {
            int n = xs.Count;
            if (n == 1)
            {
                // A lone sample between gaps: a dot the width of the trace.
                var dot = plot.Add.Marker(xs[0], ys[0], MarkerShape.FilledCircle, Px(TraceLineMm), ink);
                dot.LegendText = string.Empty;
            }
            else if (n > 1)
            {
                Polyline([.. xs], [.. ys], ink);
            }

            xs.Clear();
            ys.Clear();
            return n;
        }

        private void Polyline(double[] xs, double[] ys, Color? ink = null)
        {
            var line = plot.Add.ScatterLine(xs, ys, ink ?? Ink);
            line.LineWidth = Px(TraceLineMm);
            line.MarkerSize = 0;
        }

        private void Segment(double x1, double y1, double x2, double y2, Color color, double widthMm)
        {
            var line = plot.Add.Line(x1, y1, x2, y2);
            line.LineColor = color;
            line.LineWidth = Px(widthMm);
            line.MarkerSize = 0;
        }

        private void Label(string text, double x, double y, Alignment alignment, double fontMm, Color color, bool bold = false)
        {
            var label = plot.Add.Text(text, x, y);
            label.LabelAlignment = alignment;
            label.LabelFontSize = (float)layout.ToPixels(fontMm);
            label.LabelFontColor = color;
            label.LabelBold = bold;
            label.LabelPadding = 0;
            label.LabelFontName = FontName;
        }
    }

    private static double Median(ReadOnlySpan<float> samples)
    {
        var values = new List<float>(samples.Length);
        foreach (float v in samples)
        {
            if (!float.IsNaN(v))
            {
                values.Add(v);
            }
        }

        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2.0;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

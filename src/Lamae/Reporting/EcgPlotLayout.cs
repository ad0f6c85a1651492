using Lamae.Core;

namespace Lamae.Reporting;

/// <summary>A rectangle on the page in millimetres, y growing downwards from the top edge of the page.</summary>
public readonly record struct MmRect(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;

    public double Height => Bottom - Top;
}

/// <summary>A rectangle of image pixels: columns [Left, Right), rows [Top, Bottom).</summary>
public readonly record struct PixelRect(int Left, int Top, int Right, int Bottom);

/// <summary>
/// The geometry of the standard 12-lead printout, in millimetres of paper: a 3x4 grid of 2.5 s cells
/// (I, II, III | aVR, aVL, aVF | V1, V2, V3 | V4, V5, V6), a 10 s rhythm strip of lead II below, and a footer.
/// One millimetre is the same number of pixels on both axes, so 25 mm/s and 10 mm/mV hold on the image.
/// </summary>
public sealed class EcgPlotLayout
{
    /// <summary>The clinical standard paper speed.</summary>
    public const double MmPerSecond = 25;

    /// <summary>The clinical standard gain.</summary>
    public const double MmPerMillivolt = 10;

    /// <summary>Seconds on one page (the rhythm strip's length).</summary>
    public const double PageSeconds = 10;

    /// <summary>Seconds per column of the 3x4 grid.</summary>
    public const double ColumnSeconds = 2.5;

    /// <summary>Columns of the lead grid.</summary>
    public const int Columns = 4;

    /// <summary>Rows: three of leads, then the rhythm strip.</summary>
    public const int Rows = 4;

    /// <summary>Room left of the traces for the 1 mV calibration pulse (5 mm wide, drawn from 5 mm).</summary>
    public const double LeftMarginMm = 15;

    public const double RightMarginMm = 5;

    public const double TopMarginMm = 5;

    /// <summary>40 mm per row is +-2 mV around the baseline at 10 mm/mV: most QRS complexes fit without clipping.</summary>
    public const double RowHeightMm = 40;

    /// <summary>White band below the grid for the record id, patient and settings.</summary>
    public const double FooterHeightMm = 10;

    /// <summary>The lead drawn on the rhythm strip, as on most printouts.</summary>
    public const Lead RhythmLead = Lead.II;

    public EcgPlotLayout(double pixelsPerMm)
    {
        if (!(pixelsPerMm is >= 1 and <= 40))
        {
            throw new ArgumentOutOfRangeException(nameof(pixelsPerMm), pixelsPerMm, "pixels per mm must be between 1 and 40");
        }

        PixelsPerMm = pixelsPerMm;
    }

    public double PixelsPerMm { get; }

    /// <summary>Width of the traces: 10 s at 25 mm/s.</summary>
    public static double TraceWidthMm => PageSeconds * MmPerSecond;

    public static double PageWidthMm => LeftMarginMm + TraceWidthMm + RightMarginMm;

    /// <summary>Bottom of the millimetre grid (the footer is below it).</summary>
    public static double GridHeightMm => TopMarginMm + (Rows * RowHeightMm);

    public static double PageHeightMm => GridHeightMm + FooterHeightMm;

    public int WidthPx => (int)Math.Round(PageWidthMm * PixelsPerMm);

    public int HeightPx => (int)Math.Round(PageHeightMm * PixelsPerMm);

    /// <summary>The band of row <paramref name="row"/> (0-2 leads, 3 the rhythm strip), full trace width.</summary>
    public static MmRect RowMm(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        double top = TopMarginMm + (row * RowHeightMm);
        return new MmRect(LeftMarginMm, top, LeftMarginMm + TraceWidthMm, top + RowHeightMm);
    }

    /// <summary>The zero-voltage line of row <paramref name="row"/>: the middle of the band, on a 5 mm line.</summary>
    public static double BaselineMm(int row)
    {
        MmRect band = RowMm(row);
        return band.Top + (band.Height / 2);
    }

    /// <summary>The grid position of <paramref name="lead"/>: canonical order runs down the columns.</summary>
    public static (int Row, int Column) CellOf(Lead lead) => ((int)lead % 3, (int)lead / 3);

    /// <summary>The cell of <paramref name="lead"/> in the 3x4 grid.</summary>
    public static MmRect CellMm(Lead lead)
    {
        (int row, int column) = CellOf(lead);
        MmRect band = RowMm(row);
        double width = ColumnSeconds * MmPerSecond;
        return band with { Left = band.Left + (column * width), Right = band.Left + ((column + 1) * width) };
    }

    /// <summary>The rhythm strip's band.</summary>
    public static MmRect RhythmMm => RowMm(Rows - 1);

    /// <summary>The x of time <paramref name="seconds"/> from the page's start.</summary>
    public static double TimeToMm(double seconds) => LeftMarginMm + (seconds * MmPerSecond);

    /// <summary><paramref name="rect"/> in image pixels.</summary>
    public PixelRect ToPixels(MmRect rect) => new(
        (int)Math.Round(rect.Left * PixelsPerMm), (int)Math.Round(rect.Top * PixelsPerMm),
        (int)Math.Round(rect.Right * PixelsPerMm), (int)Math.Round(rect.Bottom * PixelsPerMm));

    /// <summary>A page coordinate in image pixels.</summary>
    public double ToPixels(double mm) => mm * PixelsPerMm;
}

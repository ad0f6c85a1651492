namespace Lamae.Reporting;

/// <summary>What part of a record <see cref="EcgPlot"/> prints and at what resolution.</summary>
public sealed record EcgPlotOptions
{
    /// <summary>Where the 10 s page starts, in seconds from the start of the record.</summary>
    public double StartSeconds { get; init; }

    /// <summary>Image pixels per millimetre of paper; 5 gives a 1350 px wide page with 5 px between the 1 mm lines.</summary>
    public double PixelsPerMm { get; init; } = 5;
}

using Lamae.Core;

namespace Lamae.Reporting;

/// <summary>What part of a record <see cref="EcgPlot"/> prints and at what resolution.</summary>
public sealed record EcgPlotOptions
{
    /// <summary>Where the 10 s page starts, in seconds from the start of the record.</summary>
    public double StartSeconds { get; init; }

    /// <summary>Image pixels per millimetre of paper; 5 gives a 1350 px wide page with 5 px between the 1 mm lines.</summary>
    public double PixelsPerMm { get; init; } = 5;

    /// <summary>
    /// Millimetres of paper per unit of the samples; null: the clinical 10 mm/mV. Standardised signals (1 = the lead's SD)
    /// need less, since a QRS spans several SDs (see <see cref="StandardisedMmPerUnit"/>).
    /// </summary>
    public double? MmPerUnit { get; init; }

    /// <summary>
    /// A second ECG drawn under the first in <see cref="EcgPlot"/>'s overlay colour, on the same baseline (e.g. the true
    /// signal under a reconstruction); it needs the first one's rate and length.
    /// </summary>
    public Ecg? Overlay { get; init; }

    /// <summary>A short note printed beside a lead's name (e.g. "kept", "rebuilt").</summary>
    public IReadOnlyDictionary<Lead, string>? LeadNotes { get; init; }

    /// <summary>A line in the footer saying what the traces are (e.g. which colour is the true signal).</summary>
    public string? Caption { get; init; }

    /// <summary>
    /// 2.5 mm per SD: +-8 SD fit a 40 mm row. A standardised lead's narrow QRS peaks reach 5-8 SD (its SD is mostly
    /// baseline); at 4 mm/SD most rebuilt printouts of simulated and PTB-XL records clipped in several leads.
    /// </summary>
    public const double StandardisedMmPerUnit = 2.5;
}

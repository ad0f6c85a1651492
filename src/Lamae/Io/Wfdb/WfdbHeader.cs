namespace Lamae.Io.Wfdb;

/// <summary>The record line of a WFDB header (`header(5)`): name, segments, signals, frequencies, length, start.</summary>
/// <param name="Name">Record name.</param>
/// <param name="SegmentCount">Number of segments for a multi-segment record, else null.</param>
/// <param name="SignalCount">Number of signals.</param>
/// <param name="SamplingFrequency">Frames per second (default 250, as in the WFDB library).</param>
/// <param name="CounterFrequency">Counter frequency (defaults to the sampling frequency).</param>
/// <param name="BaseCounter">Counter value at sample 0.</param>
/// <param name="SampleCount">Samples per signal (frames), when given.</param>
/// <param name="BaseTime">Time of day of sample 0, as written.</param>
/// <param name="BaseDate">Date of sample 0, as written.</param>
public sealed record WfdbRecordLine(
    string Name,
    int? SegmentCount,
    int SignalCount,
    double SamplingFrequency,
    double CounterFrequency,
    double BaseCounter,
    long? SampleCount,
    string? BaseTime,
    string? BaseDate);

/// <summary>One signal line of a WFDB header, every optional field resolved to its documented default.</summary>
/// <param name="FileName">Signal file (relative to the header), or "~" for none.</param>
/// <param name="Format">Storage format (8, 16, 24, 32, 61, 80, 160, 212, 310, 311; 0 = null signal).</param>
/// <param name="SamplesPerFrame">Samples of this signal per frame (the `x` modifier; default 1).</param>
/// <param name="Skew">Samples by which this signal is delayed in the file (the `:` modifier), as written; see <see cref="WfdbSignalSpec.SkewFrames"/>.</param>
/// <param name="ByteOffset">Bytes to skip at the start of the file (the `+` modifier).</param>
/// <param name="AdcGain">ADC units per physical unit (0 or missing: 200).</param>
/// <param name="GainWasDefault">Whether the header gave no usable gain, so 200 was assumed.</param>
/// <param name="Baseline">ADC value of physical zero (default: ADC zero).</param>
/// <param name="Units">Physical units as written (default mV).</param>
/// <param name="AdcResolution">Bits of the ADC (0: the format's width).</param>
/// <param name="AdcZero">ADC value at the middle of the input range.</param>
/// <param name="InitialValue">First sample, when given (format 8 differences start from it; see <see cref="WfdbSignalSpec.StartValue"/>).</param>
/// <param name="Checksum">16-bit sum of all samples, when given.</param>
/// <param name="BlockSize">Block size (0: not a block device file).</param>
/// <param name="Description">Signal description (lead name for ECGs).</param>
/// <param name="LineNumber">1-based line in the header file.</param>
public sealed record WfdbSignalSpec(
    string FileName,
    int Format,
    int SamplesPerFrame,
    int Skew,
    long ByteOffset,
    double AdcGain,
    bool GainWasDefault,
    double Baseline,
    string Units,
    int AdcResolution,
    int AdcZero,
    int? InitialValue,
    int? Checksum,
    int BlockSize,
    string Description,
    int LineNumber)
{
    /// <summary>
    /// The skew in whole frames: the header gives it in samples of this signal, and the WFDB library deskews by
    /// frames, rounding skew / samples-per-frame to the nearest frame (readheader in lib/signal.c).
    /// </summary>
    public int SkewFrames => (int)(((double)Skew / SamplesPerFrame) + 0.5);

    /// <summary>The value format 8 differences start from: the initial value, or the ADC zero when none is given (readheader).</summary>
    public int StartValue => InitialValue ?? AdcZero;
}

/// <summary>One segment line of a multi-segment header: a segment record name ("~" for a gap) and its length.</summary>
public sealed record WfdbSegmentSpec(string Name, long SampleCount, int LineNumber)
{
    /// <summary>Whether this segment is a gap with no signal.</summary>
    public bool IsGap => Name == "~";
}

/// <summary>A parsed WFDB header file.</summary>
/// <param name="Path">The header file.</param>
/// <param name="Record">The record line.</param>
/// <param name="Signals">Signal lines (empty for a multi-segment master header).</param>
/// <param name="Segments">Segment lines (empty unless multi-segment).</param>
/// <param name="Comments">Comment lines without the leading '#', in file order.</param>
/// <param name="Warnings">Things that were read but look wrong (e.g. an extension on the record name).</param>
public sealed record WfdbHeader(
    string Path,
    WfdbRecordLine Record,
    IReadOnlyList<WfdbSignalSpec> Signals,
    IReadOnlyList<WfdbSegmentSpec> Segments,
    IReadOnlyList<string> Comments,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Whether this is a multi-segment master header.</summary>
    public bool IsMultiSegment => Record.SegmentCount is not null;

    /// <summary>The folder the header lives in (signal and segment files are relative to it).</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";
}

namespace Lamae.Io.Wfdb;

/// <summary>How a signal's samples compare with the checksum in its header line (compared modulo 65536).</summary>
public enum ChecksumStatus
{
    /// <summary>The header gives no checksum.</summary>
    NotGiven,

    /// <summary>The 16-bit sum of the samples equals the header's checksum.</summary>
    Match,

    /// <summary>The sum differs: the file or the header is damaged (a warning, not an error).</summary>
    Mismatch,

    /// <summary>Not checked: only part of the signal was read, or it spans several segments.</summary>
    NotChecked,
}

/// <summary>One decoded signal of a WFDB record, in physical units, with NaN where samples are missing.</summary>
/// <param name="Spec">Its header line (of the first segment, for a multi-segment record).</param>
/// <param name="Physical">Samples in physical units: (digital - baseline) / gain; length = frames x samples per frame.</param>
/// <param name="Checksum">The checksum comparison.</param>
/// <param name="NaNCount">Missing samples (invalid-sample sentinels, gaps, reads past the end of a skewed signal).</param>
/// <param name="Digital">
/// The stored ADC values, same layout as <paramref name="Physical"/>, for single-segment reads (null for multi-segment
/// records, whose segments may differ in gain and baseline). Kept because a float cannot hold every 24- or 32-bit
/// value exactly; where Physical is NaN it holds the format's invalid value (WFDB_INVALID_SAMPLE for format 8).
/// </param>
public sealed record WfdbSignal(WfdbSignalSpec Spec, float[] Physical, ChecksumStatus Checksum, int NaNCount, int[]? Digital = null)
{
    /// <summary>The signal's description (its lead name, for ECGs).</summary>
    public string Name => Spec.Description;
}

/// <summary>A WFDB record as stored: header plus every signal in file order. The Ecg type gives canonical leads.</summary>
/// <param name="Header">The parsed header (the master header for multi-segment records).</param>
/// <param name="Signals">Signals in header order.</param>
/// <param name="StartFrame">First frame read.</param>
/// <param name="Frames">Frames read.</param>
/// <param name="Warnings">What looked wrong but did not stop the read (checksum mismatches, header quirks).</param>
public sealed record WfdbRecord(WfdbHeader Header, IReadOnlyList<WfdbSignal> Signals, long StartFrame, long Frames, IReadOnlyList<string> Warnings)
{
    /// <summary>Record name.</summary>
    public string Name => Header.Record.Name;

    /// <summary>Frames per second.</summary>
    public double SamplingFrequency => Header.Record.SamplingFrequency;
}

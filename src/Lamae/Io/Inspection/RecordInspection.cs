using Lamae.Core;
using Lamae.Io.Quality;
using Lamae.Io.Wfdb;

namespace Lamae.Io.Inspection;

/// <summary>One signal of an inspected record: its header line, the lead it maps to, and how it read.</summary>
public sealed record SignalReport(WfdbSignalSpec Spec, string? Lead, ChecksumStatus ChecksumStatus, int NaNCount);

/// <summary>What `lamae inspect RECORD` shows: header fields, signals, canonical leads with statistics, findings.</summary>
public sealed record RecordReport(
    string Path,
    string Name,
    double SamplingRate,
    long Samples,
    double DurationSeconds,
    string? BaseTime,
    string? BaseDate,
    int? Segments,
    IReadOnlyList<SignalReport> Signals,
    IReadOnlyList<LeadStatistics> Leads,
    IReadOnlyList<EcgFinding> Findings,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Comments);

/// <summary>Reads a record and reports everything about it (`lamae inspect`).</summary>
public static class RecordInspection
{
    /// <summary>Whether <paramref name="path"/> names a WFDB record ("dir/rec", "dir/rec.hea" or "dir/rec.mat" beside a header).</summary>
    public static string? HeaderPathOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.EndsWith(".hea", StringComparison.OrdinalIgnoreCase))
        {
            return File.Exists(path) ? path : null;
        }

        string stem = Path.GetExtension(path) is ".dat" or ".mat" ? Path.ChangeExtension(path, null) : path;
        return File.Exists(stem + ".hea") ? stem + ".hea" : null;
    }

    /// <summary>Reads and inspects the record whose header is <paramref name="headerPath"/>.</summary>
    public static RecordReport Inspect(string headerPath)
    {
        WfdbRecord record = WfdbReader.Read(headerPath);
        Ecg ecg = EcgReader.FromRecord(record);
        var signals = record.Signals.Select(s => new SignalReport(s.Spec, Leads.Parse(s.Name)?.Name(), s.Checksum, s.NaNCount)).ToList();
        WfdbRecordLine line = record.Header.Record;
        return new RecordReport(
            headerPath, record.Name, record.SamplingFrequency, record.Frames, record.Frames / record.SamplingFrequency,
            line.BaseTime, line.BaseDate, line.SegmentCount, signals, EcgQuality.Statistics(ecg), EcgQuality.Check(ecg),
            ecg.Metadata.Warnings, record.Header.Comments);
    }
}

using Lamae.Io.Wfdb;

namespace Lamae.Io.Datasets;

/// <summary>A record a dataset lists that cannot be read as listed.</summary>
/// <param name="Record">The record.</param>
/// <param name="File">The file at fault (missing or unreadable).</param>
/// <param name="Problem">What is wrong, one line.</param>
public sealed record DatasetProblem(EcgRecordInfo Record, string File, string Problem)
{
    public override string ToString() => $"record {Record.RecordId}" + (Record.ListedIn is { } l ? $" ({l})" : string.Empty) + $": {File}: {Problem}";
}

/// <summary>Checks, without decoding signals, that every listed record's header parses and its signal files exist.</summary>
public static class DatasetValidation
{
    /// <summary>The records of <paramref name="dataset"/> that cannot be read as listed, in record order (empty when all are fine).</summary>
    public static IReadOnlyList<DatasetProblem> Validate(IEcgDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var problems = new List<DatasetProblem>();
        foreach (EcgRecordInfo r in dataset.Records)
        {
            if (dataset is IRecordProber prober)
            {
                prober.Probe(r, problems);
            }
            else
            {
                Probe(r, problems);
            }
        }

        return problems;
    }

    /// <summary>Parses <paramref name="record"/>'s header and checks its files; adds problems and returns the header when it parsed.</summary>
    internal static WfdbHeader? Probe(EcgRecordInfo record, List<DatasetProblem> problems)
    {
        if (!File.Exists(record.HeaderPath))
        {
            problems.Add(new DatasetProblem(record, record.HeaderPath, "header file not found"));
            return null;
        }

        WfdbHeader header;
        try
        {
            header = WfdbHeaderParser.ReadFile(record.HeaderPath);
        }
        catch (WfdbFormatException ex)
        {
            problems.Add(new DatasetProblem(record, record.HeaderPath, "header not readable: " + ex.Message));
            return null;
        }

        IEnumerable<string> files = header.IsMultiSegment
            ? header.Segments.Where(s => !s.IsGap).Select(s => s.Name + ".hea")
            : header.Signals.Select(s => s.FileName).Where(f => f != "~");
        foreach (string f in files.Distinct(StringComparer.Ordinal))
        {
            string path = Path.Combine(header.Directory, f);
            if (!File.Exists(path))
            {
                problems.Add(new DatasetProblem(record, path, header.IsMultiSegment ? "segment header not found" : "signal file not found"));
            }
        }

        return header;
    }
}

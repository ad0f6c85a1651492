namespace Lamae.Io.Datasets;

/// <summary>
/// A dataset whose records are not WFDB records (their <see cref="EcgRecordInfo.HeaderPath"/> is another kind of file):
/// <see cref="DatasetSummary"/> and <see cref="DatasetValidation"/> ask it about a record instead of parsing a WFDB header.
/// </summary>
public interface IRecordProber
{
    /// <summary>Reads <paramref name="record"/>'s file header; adds what is wrong to <paramref name="problems"/> and returns null when it cannot be read as listed.</summary>
    RecordProbe? Probe(EcgRecordInfo record, ICollection<DatasetProblem> problems);
}

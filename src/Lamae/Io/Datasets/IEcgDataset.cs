using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>
/// A collection of ECG records with their table metadata: every dataset (PTB-XL, MIMIC-IV-ECG, CinC, a folder)
/// enumerates records the same way, and reads one as a canonical-lead <see cref="Ecg"/>.
/// </summary>
public interface IEcgDataset
{
    /// <summary>The dataset kind's name (one of <see cref="DatasetKinds.OnDisk"/>).</summary>
    string Name { get; }

    /// <summary>The folder the dataset was opened from (full path).</summary>
    string Root { get; }

    /// <summary>Every record the dataset's tables list, in table (or sorted file) order.</summary>
    IReadOnlyList<EcgRecordInfo> Records { get; }

    /// <summary>
    /// Reads <paramref name="record"/>: canonical leads via <see cref="EcgReader"/>, metadata filled from the
    /// dataset's tables (record id, subject id, age, sex). A missing file is a <see cref="DatasetException"/> naming it.
    /// </summary>
    Ecg Read(EcgRecordInfo record);
}

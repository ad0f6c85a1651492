using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>
/// An ECG dataset stored in HDF5 files (the <c>hdf5</c> kind), in one of the <see cref="Hdf5Layout"/>s: SPH
/// (<see cref="SphDataset"/>) or CODE-15% (<see cref="Code15Dataset"/>). The layout is detected from the folder's
/// files unless given. Signals are read lazily, one record at a time, through PureHDF.
/// </summary>
public abstract class Hdf5Dataset : IEcgDataset
{
    private protected Hdf5Dataset(string root, IReadOnlyList<EcgRecordInfo> records)
    {
        Root = root;
        Records = records;
    }

    public string Name => DatasetKinds.Hdf5;

    public string Root { get; }

    public IReadOnlyList<EcgRecordInfo> Records { get; }

    /// <summary>The layout the folder was read as.</summary>
    public abstract Hdf5Layout Layout { get; }

    public abstract Ecg Read(EcgRecordInfo record);

    /// <summary>
    /// The record's rate and length from its dataset's shape, no sample decoded (what `lamae inspect` counts); a
    /// <see cref="DatasetException"/> "path: problem" when the file is missing or not of the layout.
    /// </summary>
    public abstract Hdf5RecordShape Shape(EcgRecordInfo record);

    /// <summary>Opens the HDF5 dataset at <paramref name="root"/> as <paramref name="layout"/> (null: detected by <see cref="DetectLayout"/>).</summary>
    public static Hdf5Dataset Open(string root, Hdf5Layout? layout = null)
    {
        string full = DatasetRecords.CheckRoot(root, "HDF5 (SPH or CODE-15%)");
        return (layout ?? DetectLayout(full)) switch
        {
            Hdf5Layout.Sph => SphDataset.Open(full),
            Hdf5Layout.Code15 => Code15Dataset.Open(full),
            var l => throw new ArgumentOutOfRangeException(nameof(layout), l, null),
        };
    }

    /// <summary>
    /// CODE-15% when the folder holds exams.csv or exams_part*.hdf5 files; SPH when it holds .h5 files (at any depth:
    /// the SPH release unpacks them into records/) or metadata.csv; a one-line error otherwise.
    /// </summary>
    public static Hdf5Layout DetectLayout(string root)
    {
        string full = DatasetRecords.CheckRoot(root, "HDF5 (SPH or CODE-15%)");
        if (File.Exists(Path.Combine(full, Code15Dataset.ExamsFile)) || Directory.EnumerateFiles(full, "exams_part*.hdf5").Any())
        {
            return Hdf5Layout.Code15;
        }

        if (Directory.EnumerateFiles(full, "*.h5", SearchOption.AllDirectories).Any() || File.Exists(Path.Combine(full, SphDataset.MetadataFile)))
        {
            return Hdf5Layout.Sph;
        }

        throw new DatasetException($"{full}: neither an SPH folder (.h5 files with metadata.csv) nor a CODE-15% folder (exams.csv with exams_part*.hdf5 files)");
    }

    /// <summary>Whether <paramref name="root"/> holds HDF5 files (.h5 at any depth, .hdf5 at the top): how the hdf5 kind is detected.</summary>
    public static bool Holds(string root) =>
        Directory.Exists(root)
        && (Directory.EnumerateFiles(root, "*.hdf5").Any() || Directory.EnumerateFiles(root, "*.h5", SearchOption.AllDirectories).Any());

    /// <summary>"hdf5 record ID (where it was listed)", the start of a read error.</summary>
    private protected string Where(EcgRecordInfo record) =>
        $"{Name} record {record.RecordId}" + (record.ListedIn is null ? string.Empty : $" ({record.ListedIn})");
}

namespace Lamae.Io.Datasets;

/// <summary>
/// The names of the dataset kinds, as the command line, the cache settings and <see cref="IEcgDataset.Name"/> spell
/// them: the one list that commands' allowed values and help texts read.
/// </summary>
public static class DatasetKinds
{
    /// <summary>PTB-XL (<see cref="DatasetKind.PtbXl"/>).</summary>
    public const string PtbXl = "ptbxl";

    /// <summary>MIMIC-IV-ECG (<see cref="DatasetKind.Mimic"/>).</summary>
    public const string Mimic = "mimic";

    /// <summary>PhysioNet/CinC Challenge 2020/2021 (<see cref="DatasetKind.Cinc"/>).</summary>
    public const string Cinc = "cinc";

    /// <summary>Any folder tree of WFDB records (<see cref="DatasetKind.Folder"/>).</summary>
    public const string Folder = "folder";

    /// <summary>HDF5 files in the SPH or CODE-15% layout (<see cref="DatasetKind.Hdf5"/>).</summary>
    public const string Hdf5 = "hdf5";
    /// <summary>A folder of .npy arrays with a record table (<see cref="DatasetKind.Npy"/>).</summary>
    public const string Npy = "npy";

    /// <summary>Several datasets read as one, described by a corpus.json (<see cref="DatasetKind.Corpus"/>).</summary>
    public const string Corpus = "corpus";

    /// <summary>Not a folder: ECGs made by the simulator (Lamae.Synthetic) while a cache is built.</summary>
    public const string Synthetic = "synthetic";

    /// <summary>The kinds <see cref="DatasetLoader"/> opens from a folder, in <see cref="DatasetKind"/> order.</summary>
    public static readonly IReadOnlyList<string> OnDisk = Enum.GetValues<DatasetKind>().Select(NameOf).ToArray();

    /// <summary>What a cache can be built from: every kind on disk, and the simulator.</summary>
    public static readonly IReadOnlyList<string> CacheSources = [.. OnDisk, Synthetic];

    /// <summary>The name of <paramref name="kind"/>.</summary>
    public static string NameOf(DatasetKind kind) => kind switch
    {
        DatasetKind.PtbXl => PtbXl,
        DatasetKind.Mimic => Mimic,
        DatasetKind.Cinc => Cinc,
        DatasetKind.Folder => Folder,
        DatasetKind.Hdf5 => Hdf5,
        DatasetKind.Npy => Npy,
        DatasetKind.Corpus => Corpus,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Whether <paramref name="name"/> names the simulator (case-insensitive, as every kind name is compared).</summary>
    public static bool IsSynthetic(string name) => Synthetic.Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Names as a sentence lists them: "ptbxl, mimic, cinc, folder or synthetic".</summary>
    public static string Listed(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Count < 2 ? string.Join(string.Empty, names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
    }
}

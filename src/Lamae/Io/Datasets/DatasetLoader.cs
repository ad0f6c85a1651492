namespace Lamae.Io.Datasets;

/// <summary>The dataset layouts Lamae reads.</summary>
public enum DatasetKind
{
    /// <summary>PTB-XL (ptbxl_database.csv, scp_statements.csv, records100/records500).</summary>
    PtbXl,

    /// <summary>MIMIC-IV-ECG (record_list.csv, files/), labels from MIMIC-IV-ECG-Ext-ICD when present.</summary>
    Mimic,

    /// <summary>PhysioNet/CinC Challenge 2020/2021 (.hea + .mat with # Dx).</summary>
    Cinc,

    /// <summary>Any folder tree of WFDB records.</summary>
    Folder,

    /// <summary>HDF5 files in the SPH or CODE-15% layout (<see cref="Hdf5Layout"/>), read through PureHDF.</summary>
    Hdf5,
    /// <summary>A folder of NumPy .npy arrays listed by a CSV, described by a sidecar JSON (lamae-npy.json).</summary>
    Npy,

    /// <summary>Several datasets read as one: a corpus.json listing the sources (<see cref="CorpusSpec"/>).</summary>
    Corpus,
}

/// <summary>Per-kind choices for <see cref="DatasetLoader.Open(DatasetKind, string, DatasetOptions?)"/>; defaults are each dataset's usual ones.</summary>
public sealed record DatasetOptions
{
    /// <summary>PTB-XL waveforms: 100 Hz, the benchmark's default sampling_frequency.</summary>
    public PtbXlRate PtbXlRate { get; init; } = PtbXlRate.Hz100;

    /// <summary>MIMIC-IV-ECG-Ext-ICD label column.</summary>
    public string MimicLabelColumn { get; init; } = MimicEcgDataset.DefaultLabelColumn;

    /// <summary>Labels of a folder dataset (none by default).</summary>
    public FolderLabels? FolderLabels { get; init; }

    /// <summary>Layout of an hdf5 dataset; null detects it from the folder's files (exams.csv: CODE-15%, .h5 files: SPH).</summary>
    public Hdf5Layout? Hdf5Layout { get; init; }
    /// <summary>Rate, unit and layout of an npy dataset, replacing its sidecar's (none by default).</summary>
    public NpyOptions? Npy { get; init; }
}

/// <summary>Opens a dataset of a given kind: the one entry point the CLI and the cache builder use.</summary>
public static class DatasetLoader
{
    /// <summary>Parses a name of <see cref="DatasetKinds.OnDisk"/> (case-insensitive); a one-line error naming the valid kinds otherwise.</summary>
    public static DatasetKind ParseKind(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        foreach (DatasetKind kind in Enum.GetValues<DatasetKind>())
        {
            if (DatasetKinds.NameOf(kind).Equals(t, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        // The datasets' own spellings of their names.
        return t.ToUpperInvariant() switch
        {
            "PTB-XL" => DatasetKind.PtbXl,
            "MIMIC-IV-ECG" => DatasetKind.Mimic,
            _ => throw new DatasetException($"unknown dataset kind '{text}'; use one of {string.Join(", ", DatasetKinds.OnDisk)}"),
        };
    }

    /// <summary>Opens the dataset at <paramref name="root"/>; a <see cref="DatasetException"/> names a missing file and what it should contain.</summary>
    public static IEcgDataset Open(DatasetKind kind, string root, DatasetOptions? options = null)
    {
        DatasetOptions o = options ?? new DatasetOptions();
        return kind switch
        {
            DatasetKind.PtbXl => PtbXlDataset.Open(root, o.PtbXlRate),
            DatasetKind.Mimic => MimicEcgDataset.Open(root, o.MimicLabelColumn),
            DatasetKind.Cinc => CincDataset.Open(root),
            DatasetKind.Folder => FolderDataset.Open(root, o.FolderLabels),
            DatasetKind.Hdf5 => Hdf5Dataset.Open(root, o.Hdf5Layout),
            DatasetKind.Npy => NpyDataset.Open(root, o.Npy),
            DatasetKind.Corpus => CorpusDataset.Open(root),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>
    /// Guesses the kind of the dataset at <paramref name="root"/> from its files: a corpus file (.json, or a folder's
    /// corpus.json), a PTB-XL database table, a MIMIC
    /// record list, an npy sidecar (lamae-npy.json), HDF5 files (.h5, .hdf5), CinC-style `.mat` signal files, else a plain folder of WFDB records.
    /// </summary>
    public static DatasetKind Detect(string root)
    {
        if (File.Exists(root) && root.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(Path.Combine(root, CorpusSpec.FileName)))
        {
            return DatasetKind.Corpus;
        }

        if (!Directory.Exists(root))
        {
            throw new DatasetException($"{root}: no such folder");
        }

        if (File.Exists(Path.Combine(root, "ptbxl_database.csv")) || File.Exists(Path.Combine(root, "ptbxl_database.present_rows.csv")))
        {
            return DatasetKind.PtbXl;
        }

        if (File.Exists(Path.Combine(root, "record_list.csv")))
        {
            return DatasetKind.Mimic;
        }

        if (File.Exists(Path.Combine(root, NpySidecar.FileName)))
        {
            return DatasetKind.Npy;
        }

        if (Hdf5Dataset.Holds(root))
        {
            return DatasetKind.Hdf5;
        }

        return Directory.EnumerateFiles(root, "*.mat", SearchOption.AllDirectories).Any() ? DatasetKind.Cinc : DatasetKind.Folder;
    }

    /// <summary>As <see cref="Open(DatasetKind, string, DatasetOptions?)"/> with the kind given by name.</summary>
    public static IEcgDataset Open(string kind, string root, DatasetOptions? options = null) => Open(ParseKind(kind), root, options);
}

using System.Globalization;
using Lamae.Core;
using Lamae.Io.Hdf5;

namespace Lamae.Io.Datasets;

/// <summary>
/// The Shandong Provincial Hospital database (SPH; Liu H. et al., Scientific Data 9:272, 2022) in its release layout:
/// one HDF5 file per record (any depth below the root; the release unpacks them into records/) holding a dataset
/// <c>ecg</c> [12, samples] in mV (leads I, II, III, aVR, aVL, aVF, V1-V6, which is Lamae's canonical order), and
/// <c>metadata.csv</c> (ECG_ID, AHA_Code, Patient_ID, Age, Sex, N, Date, fs, SNOMEDCTCode, SR). Labels are the
/// SNOMEDCTCode codes; the patient is Patient_ID; the rate is fs. A file that metadata.csv does not list is read
/// unlabelled at <see cref="DefaultRate"/>, with a warning; a row whose file is missing is listed and fails to read.
/// </summary>
public sealed class SphDataset : Hdf5Dataset
{
    /// <summary>The record table's name in the SPH release.</summary>
    public const string MetadataFile = "metadata.csv";

    /// <summary>The dataset each record file holds.</summary>
    public const string SignalName = "ecg";

    /// <summary>SPH's sampling rate (Liu et al. 2022, "500 Hz"), for files metadata.csv does not list.</summary>
    public const double DefaultRate = 500;

    private const string Describe = "an SPH record: an HDF5 file holding a dataset 'ecg' [12, samples] of mV (leads I, II, III, aVR, aVL, aVF, V1-V6)";
    private const string DescribeTable = "SPH's record table with columns ECG_ID, AHA_Code, Patient_ID, Age, Sex, N, Date, fs, SNOMEDCTCode, SR";
    private static readonly string[] Required = ["ECG_ID"];
    private static readonly string[] Optional = ["Patient_ID", "Age", "Sex", "N", "Date", "fs", "SNOMEDCTCode"];

    // Codes in one SNOMEDCTCode cell: the release separates them with ';', copies seen here with ','.
    private static readonly char[] CodeSeparators = [',', ';', ' '];

    private readonly Dictionary<string, Entry> entries;

    private SphDataset(string root, IReadOnlyList<EcgRecordInfo> records, Dictionary<string, Entry> entries, IReadOnlyList<string> unlisted)
        : base(root, records)
    {
        this.entries = entries;
        UnlistedInMetadata = unlisted;
    }

    public override Hdf5Layout Layout => Hdf5Layout.Sph;

    /// <summary>Ids of record files that metadata.csv does not list (read unlabelled at <see cref="DefaultRate"/>).</summary>
    public IReadOnlyList<string> UnlistedInMetadata { get; }

    /// <summary>Opens the SPH folder <paramref name="root"/>: metadata.csv and the file names are read now, signals by <see cref="Read"/>.</summary>
    public static SphDataset Open(string root)
    {
        string full = DatasetRecords.CheckRoot(root, "SPH (HDF5)");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in Directory.EnumerateFiles(full, "*.h5", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string id = Path.GetFileNameWithoutExtension(path);
            if (!files.TryAdd(id, path))
            {
                throw new DatasetException($"{path}: record {id} is in two files (also {files[id]}); SPH record ids are file names");
            }
        }

        string table = Path.Combine(full, MetadataFile);
        if (files.Count == 0 && !File.Exists(table))
        {
            throw new DatasetException($"{full}: no .h5 files and no {MetadataFile}; an SPH folder holds one .h5 file per record and {MetadataFile}");
        }

        // A row's missing file is looked for where the other files are (the release's records/ folder).
        string fileDir = files.Values.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal).Count() == 1
            ? Path.GetDirectoryName(files.Values.First())! : full;
        var records = new List<EcgRecordInfo>(files.Count);
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        if (File.Exists(table))
        {
            CsvTable t = CsvTable.Read(table, Required, Optional, DescribeTable);
            for (int r = 0; r < t.Count; r++)
            {
                EcgRecordInfo info = Row(t, r, files, fileDir);
                if (entries.TryGetValue(info.RecordId, out Entry? seen))
                {
                    throw t.CellError(r, "ECG_ID", $"record {info.RecordId} is listed twice (first at row {t.RowNumber(seen.Row)})");
                }

                double rate = Cells.Number(t, r, "fs") ?? DefaultRate;
                if (!(rate > 0))
                {
                    throw t.CellError(r, "fs", $"sampling rate {rate.ToString(CultureInfo.InvariantCulture)} is not positive");
                }

                long? n = Cells.Int(t, r, "N");
                entries[info.RecordId] = new Entry(info.HeaderPath, rate, n, r, Listed: true);
                records.Add(info);
            }
        }

        var unlisted = new List<string>();
        foreach ((string id, string path) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (!entries.ContainsKey(id))
            {
                unlisted.Add(id);
                entries[id] = new Entry(path, DefaultRate, null, -1, Listed: false);
                records.Add(new EcgRecordInfo(id, null, path) { ListedIn = path });
            }
        }

        return new SphDataset(full, records, entries, unlisted);
    }

    public override Hdf5RecordShape Shape(EcgRecordInfo record)
    {
        Entry e = EntryOf(record);
        using Hdf5Array a = OpenSignal(e.Path);
        return new Hdf5RecordShape(e.Rate, a.Shape[1]);
    }

    public override Ecg Read(EcgRecordInfo record)
    {
        Entry e = EntryOf(record);
        float[] data;
        int length;
        try
        {
            using Hdf5Array a = OpenSignal(e.Path);
            length = checked((int)a.Shape[1]);
            data = a.ReadFloats();   // [12, length] row-major: already Lamae's canonical lead order
        }
        catch (DatasetException ex)
        {
            throw new DatasetException($"{Where(record)}: {ex.Message}", ex);
        }

        var warnings = new List<string>();
        if (!e.Listed)
        {
            warnings.Add($"not in {MetadataFile}: read unlabelled, at SPH's {DefaultRate.ToString(CultureInfo.InvariantCulture)} Hz");
        }

        if (e.Samples is { } n && n != length)
        {
            warnings.Add($"{MetadataFile} says N = {n.ToString(CultureInfo.InvariantCulture)}, the file holds {length.ToString(CultureInfo.InvariantCulture)} samples");
        }

        var metadata = new EcgMetadata(record.RecordId, record.SubjectId, record.Age, record.Sex, e.Path) { Warnings = warnings };
        return new Ecg(e.Rate, length, data, Enumerable.Repeat(true, Leads.Count).ToArray(), metadata);
    }

    // The signal dataset, its shape and element type checked: what every SPH file must hold.
    private static Hdf5Array OpenSignal(string path)
    {
        Hdf5Array a = Hdf5Array.Open(path, SignalName, Describe);
        try
        {
            if (a.Shape.Count != 2 || a.Shape[0] != Leads.Count || a.Shape[1] < 1)
            {
                throw a.Error($"shape {a.ShapeText}; SPH stores [12, samples] (leads I, II, III, aVR, aVL, aVF, V1-V6)");
            }

            if (a.Shape[1] > int.MaxValue / Leads.Count)
            {
                throw a.Error($"shape {a.ShapeText} is too long for one ECG");
            }

            a.RequireFloatingPoint("SPH stores mV as floating point (float16)");
            return a;
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    private static EcgRecordInfo Row(CsvTable t, int r, Dictionary<string, string> files, string fileDir)
    {
        string cell = t.Get(r, "ECG_ID") ?? throw t.CellError(r, "ECG_ID", "empty record id");
        // The release writes ids as file names ("A00001"); copies add the extension ("SPH00001.h5").
        string id = cell.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) ? cell[..^3] : cell;
        string path = files.TryGetValue(id, out string? p) ? p : Path.Combine(fileDir, id + ".h5");
        return new EcgRecordInfo(id, Cells.Id(t, r, "Patient_ID"), path)
        {
            Labels = Cells.Distinct((t.Get(r, "SNOMEDCTCode") ?? string.Empty).Split(CodeSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
            Age = Cells.NumberOrNull(t, r, "Age"),
            Sex = EcgMetadata.ParseSex(t.Get(r, "Sex")),
            Time = Cells.Time(t, r, "Date"),
            ListedIn = t.Where(r),
        };
    }

    private Entry EntryOf(EcgRecordInfo record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return entries.TryGetValue(record.RecordId, out Entry? e)
            ? e : throw new DatasetException($"{Where(record)}: not a record of the SPH dataset at {Root}");
    }

    private sealed record Entry(string Path, double Rate, long? Samples, int Row, bool Listed);
}

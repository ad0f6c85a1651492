using System.Globalization;
using Lamae.Core;
using Lamae.Io.Hdf5;

namespace Lamae.Io.Datasets;

/// <summary>
/// CODE-15% (Ribeiro A.H. et al., Nature Communications 11:1760, 2020; the 15% sample on Zenodo): HDF5 files
/// <c>exams_part*.hdf5</c>, each with <c>tracings</c> [exams, 4096, 12] float32 in mV at 400 Hz (leads I, II, III,
/// aVR, aVL, aVF, V1-V6; shorter exams centred and zero-padded to 4096 samples) and <c>exam_id</c> [exams], plus
/// <c>exams.csv</c> (exam_id, age, is_male, nn_predicted_age, 1dAVb, RBBB, LBBB, SB, ST, AF, patient_id, death,
/// timey, normal_ecg, trace_file). Labels are the names of the <see cref="DiagnosisColumns"/> that are true; the
/// patient is patient_id. Each part's exam_id is read when the dataset opens; a tracing is read only when its record
/// is, one [4096, 12] block of the file (a hyperslab), and its zero padding is cut off.
/// Rows whose trace_file is not in the folder (parts not downloaded) are left out and counted; a row whose exam is
/// not in its file is listed and fails to read, naming the file.
/// </summary>
public sealed class Code15Dataset : Hdf5Dataset
{
    /// <summary>The exam table's name in the CODE-15% release.</summary>
    public const string ExamsFile = "exams.csv";

    /// <summary>The signal dataset of each part.</summary>
    public const string TracingsName = "tracings";

    /// <summary>The exam ids of each part, one per tracing.</summary>
    public const string ExamIdName = "exam_id";

    /// <summary>CODE-15%'s sampling rate (the release's README: 400 Hz, 4096 samples = 10.24 s with padding).</summary>
    public const double SamplingRate = 400;

    /// <summary>The boolean diagnosis columns of exams.csv (Ribeiro et al. 2020), each a label when true.</summary>
    public static readonly IReadOnlyList<string> DiagnosisColumns = ["1dAVb", "RBBB", "LBBB", "SB", "ST", "AF"];

    private const string Describe = "a CODE-15% part: an HDF5 file holding 'tracings' [exams, samples, 12] of mV and 'exam_id' [exams]";
    private const string DescribeTable = "CODE-15%'s exam table with columns exam_id, age, is_male, 1dAVb, RBBB, LBBB, SB, ST, AF, patient_id, trace_file";
    private static readonly string[] Optional = ["age", "is_male", "trace_file"];

    private readonly Dictionary<string, Entry> entries;
    private readonly IReadOnlyList<Part> parts;

    private Code15Dataset(string root, IReadOnlyList<EcgRecordInfo> records, Dictionary<string, Entry> entries, IReadOnlyList<Part> parts,
        IReadOnlyList<string> missingFiles, int rowsLeftOut, int unlisted)
        : base(root, records)
    {
        this.entries = entries;
        this.parts = parts;
        MissingTraceFiles = missingFiles;
        RowsLeftOut = rowsLeftOut;
        UnlistedExams = unlisted;
    }

    public override Hdf5Layout Layout => Hdf5Layout.Code15;

    /// <summary>Files exams.csv names in trace_file that are not in the folder (parts not downloaded), sorted.</summary>
    public IReadOnlyList<string> MissingTraceFiles { get; }

    /// <summary>Rows of exams.csv left out because their trace_file is missing.</summary>
    public int RowsLeftOut { get; }

    /// <summary>Tracings in the files whose exam_id exams.csv does not list (each release part ends with one, exam_id 0).</summary>
    public int UnlistedExams { get; }

    /// <summary>Opens the CODE-15% folder <paramref name="root"/>: exams.csv and every part's exam_id are read now, tracings by <see cref="Read"/>.</summary>
    public static Code15Dataset Open(string root)
    {
        string full = DatasetRecords.CheckRoot(root, "CODE-15% (HDF5)");
        CsvTable t = CsvTable.Read(Path.Combine(full, ExamsFile), ["exam_id", "patient_id", .. DiagnosisColumns], Optional, DescribeTable);
        string[] files = Directory.EnumerateFiles(full, "*.hdf5").Concat(Directory.EnumerateFiles(full, "*.h5")).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new DatasetException($"{full}: no .hdf5 files beside {ExamsFile}; CODE-15% tracings are in exams_part*.hdf5 files");
        }

        Part[] parts = files.Select(ReadPart).ToArray();
        var byName = parts.Select((p, i) => (p, i)).ToDictionary(x => Path.GetFileName(x.p.Path), x => x.i, StringComparer.Ordinal);
        var records = new List<EcgRecordInfo>(t.Count);
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var used = new HashSet<(int, long)>();
        int leftOut = 0;
        for (int r = 0; r < t.Count; r++)
        {
            string id = Cells.Id(t, r, "exam_id") ?? throw t.CellError(r, "exam_id", "empty exam id");
            if (!long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out long exam))
            {
                throw t.CellError(r, "exam_id", $"'{id}' is not a whole number");
            }

            if (entries.TryGetValue(id, out Entry? first))
            {
                throw t.CellError(r, "exam_id", $"exam {id} is listed twice (first at row {t.RowNumber(first.Row)})");
            }

            string? traceFile = t.Get(r, "trace_file");
            Entry entry;
            if (traceFile is not null)
            {
                if (!byName.TryGetValue(Path.GetFileName(traceFile), out int part))
                {
                    missing.Add(traceFile);
                    leftOut++;
                    continue;
                }

                entry = parts[part].Rows.TryGetValue(exam, out long row)
                    ? new Entry(part, row, r, null)
                    : new Entry(part, -1, r, $"{parts[part].Path}: exam {id} is not in its '{ExamIdName}' dataset, though {t.Where(r)} names this file (trace_file)");
            }
            else
            {
                int part = Array.FindIndex(parts, p => p.Rows.ContainsKey(exam));
                entry = part >= 0
                    ? new Entry(part, parts[part].Rows[exam], r, null)
                    : new Entry(-1, -1, r, $"{t.Path}: exam {id} ({t.Where(r)}) is in none of the {parts.Length} HDF5 files ({string.Join(", ", parts.Take(5).Select(p => Path.GetFileName(p.Path)))}{(parts.Length > 5 ? ", ..." : string.Empty)})");
            }

            entries[id] = entry;
            used.Add((entry.Part, entry.Index));
            records.Add(new EcgRecordInfo(id, Cells.Id(t, r, "patient_id"), entry.Part >= 0 ? parts[entry.Part].Path : t.Path)
            {
                Labels = DiagnosisColumns.Where(c => Flag(t, r, c) == true).ToArray(),
                Age = Cells.NumberOrNull(t, r, "age"),
                Sex = Flag(t, r, "is_male") switch { true => Sex.Male, false => Sex.Female, null => Sex.Unknown },
                ListedIn = t.Where(r),
            });
        }

        int unlisted = parts.Select((p, i) => p.Rows.Values.Count(row => !used.Contains((i, row)))).Sum();
        return new Code15Dataset(full, records, entries, parts, [.. missing], leftOut, unlisted);
    }

    public override Hdf5RecordShape Shape(EcgRecordInfo record)
    {
        Entry e = EntryOf(record);
        return e.Problem is { } p ? throw new DatasetException(p) : new Hdf5RecordShape(SamplingRate, parts[e.Part].Samples);
    }

    public override Ecg Read(EcgRecordInfo record)
    {
        Entry e = EntryOf(record);
        if (e.Problem is { } problem)
        {
            throw new DatasetException($"{Where(record)}: {problem}");
        }

        Part part = parts[e.Part];
        float[] block;
        try
        {
            using Hdf5Array a = OpenTracings(part.Path);
            if (a.Shape[0] != part.Exams || a.Shape[1] != part.Samples)
            {
                throw a.Error($"shape {a.ShapeText} changed since the dataset was opened");
            }

            block = a.ReadFloats(e.Index);   // [samples, 12] row-major
        }
        catch (DatasetException ex)
        {
            throw new DatasetException($"{Where(record)}: {ex.Message}", ex);
        }

        (int first, int length) = Unpadded(block, part.Samples);
        if (length == 0)
        {
            throw new DatasetException($"{Where(record)}: {part.Path}: tracing {e.Index.ToString(CultureInfo.InvariantCulture)} of '{TracingsName}' is all zeros");
        }

        var data = new float[Leads.Count * length];
        for (int lead = 0; lead < Leads.Count; lead++)
        {
            for (int s = 0; s < length; s++)
            {
                data[(lead * length) + s] = block[((first + s) * Leads.Count) + lead];
            }
        }

        var metadata = new EcgMetadata(record.RecordId, record.SubjectId, record.Age, record.Sex, part.Path);
        return new Ecg(SamplingRate, length, data, Enumerable.Repeat(true, Leads.Count).ToArray(), metadata);
    }

    // The samples between the zero padding: the first and last sample where any lead is not exactly 0.
    private static (int First, int Length) Unpadded(float[] block, int samples)
    {
        bool Zero(int s)
        {
            for (int l = 0; l < Leads.Count; l++)
            {
                if (block[(s * Leads.Count) + l] != 0)
                {
                    return false;
                }
            }

            return true;
        }

        int first = 0, last = samples - 1;
        while (first < samples && Zero(first))
        {
            first++;
        }

        while (last >= first && Zero(last))
        {
            last--;
        }

        return (first, last - first + 1);
    }

    private static Part ReadPart(string path)
    {
        long[] ids;
        using (Hdf5Array idArray = Hdf5Array.Open(path, ExamIdName, Describe))
        {
            if (idArray.Shape.Count != 1)
            {
                throw idArray.Error($"shape {idArray.ShapeText}; CODE-15% stores one exam id per tracing, [exams]");
            }

            ids = idArray.ReadIntegers();
        }

        using Hdf5Array a = OpenTracings(path);
        if (a.Shape[0] != ids.Length)
        {
            throw a.Error($"{a.Shape[0].ToString(CultureInfo.InvariantCulture)} tracings but {ids.Length.ToString(CultureInfo.InvariantCulture)} exam ids in '{ExamIdName}'");
        }

        var rows = new Dictionary<long, long>(ids.Length);
        for (long i = 0; i < ids.Length; i++)
        {
            rows.TryAdd(ids[i], i);   // the first of a repeated id (every release part ends with a zero tracing, exam_id 0)
        }

        return new Part(path, ids.Length, checked((int)a.Shape[1]), rows);
    }

    private static Hdf5Array OpenTracings(string path)
    {
        Hdf5Array a = Hdf5Array.Open(path, TracingsName, Describe);
        try
        {
            if (a.Shape.Count != 3 || a.Shape[2] != Leads.Count || a.Shape[1] < 1 || a.Shape[1] > int.MaxValue / Leads.Count)
            {
                throw a.Error($"shape {a.ShapeText}; CODE-15% stores [exams, samples, 12] (leads I, II, III, aVR, aVL, aVF, V1-V6)");
            }

            a.RequireFloatingPoint("CODE-15% stores mV as floating point (float32)");
            return a;
        }
        catch
        {
            a.Dispose();
            throw;
        }
    }

    // pandas writes booleans as True/False; other tools write 1/0.
    private static bool? Flag(CsvTable t, int r, string column) => t.Get(r, column) switch
    {
        null => null,
        var s when s.Equals("true", StringComparison.OrdinalIgnoreCase) || s is "1" or "1.0" => true,
        var s when s.Equals("false", StringComparison.OrdinalIgnoreCase) || s is "0" or "0.0" => false,
        var s => throw t.CellError(r, column, $"'{s}' is not a boolean (True/False or 1/0)"),
    };

    private Entry EntryOf(EcgRecordInfo record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return entries.TryGetValue(record.RecordId, out Entry? e)
            ? e : throw new DatasetException($"{Where(record)}: not a record of the CODE-15% dataset at {Root}");
    }

    // Where an exam's tracing is: part and index, or why it cannot be read.
    private sealed record Entry(int Part, long Index, int Row, string? Problem);

    // One exams_part*.hdf5 file: its tracings' count and length, and each exam id's index.
    private sealed record Part(string Path, long Exams, int Samples, Dictionary<long, long> Rows);
}

using Lamae.Core;
using Lamae.Io.Npy;

namespace Lamae.Io.Datasets;

/// <summary>
/// A folder of NumPy arrays, one ECG per .npy file (float16, float32, float64 or int16; shape (T, L) or (L, T)), listed by
/// a CSV (<c>records.csv</c>: <c>file</c>, optional <c>ecg_id</c> or <c>record</c>, <c>patient</c>/<c>patient_id</c>/<c>subject_id</c>,
/// <c>labels</c> separated by ';', <c>fold</c>/<c>strat_fold</c>) and described by <see cref="NpySidecar"/> and
/// <see cref="NpyOptions"/>. A record without a patient id is its own patient (the cache then gives it a fold of its own
/// id's hash, as for a folder dataset). <see cref="EcgRecordInfo.HeaderPath"/> holds the record's .npy path.
/// </summary>
public sealed class NpyDataset : IEcgDataset, IRecordProber
{
    /// <summary>The table's column naming each record's array, relative to the folder.</summary>
    public const string FileColumn = "file";

    /// <summary>Separator of the codes in the <c>labels</c> column.</summary>
    public const char LabelSeparator = ';';

    private static readonly string[] IdColumns = ["ecg_id", "record"];
    private static readonly string[] PatientColumns = ["patient", "patient_id", "subject_id"];
    private static readonly string[] FoldColumns = ["fold", "strat_fold"];
    private const string LabelsColumn = "labels";

    private NpyDataset(string root, IReadOnlyList<EcgRecordInfo> records, double rate, EcgUnit unit, NpyLayout? layout, IReadOnlyList<Lead> leads)
    {
        Root = root;
        Records = records;
        Rate = rate;
        Unit = unit;
        Layout = layout;
        Leads = leads;
    }

    public string Name => DatasetKinds.Npy;

    public string Root { get; }

    public IReadOnlyList<EcgRecordInfo> Records { get; }

    /// <summary>Sampling rate of every array (Hz).</summary>
    public double Rate { get; }

    /// <summary>What the values measure.</summary>
    public EcgUnit Unit { get; }

    /// <summary>The declared layout; null when each file's is inferred from the lead count.</summary>
    public NpyLayout? Layout { get; }

    /// <summary>The leads in array order.</summary>
    public IReadOnlyList<Lead> Leads { get; }

    /// <summary>
    /// Opens the folder <paramref name="root"/>: its sidecar (<see cref="NpySidecar.FileName"/>, optional) and record table
    /// are read now, arrays only by <see cref="Read"/>; <paramref name="options"/> replace the sidecar's fields.
    /// </summary>
    public static NpyDataset Open(string root, NpyOptions? options = null)
    {
        string full = DatasetRecords.CheckRoot(root, "npy");
        string sidecarPath = Path.Combine(full, NpySidecar.FileName);
        NpySidecar sidecar = NpySidecar.Read(sidecarPath);
        double rate = options?.Rate ?? sidecar.Rate ?? throw new DatasetException(
            $"{full}: the sampling rate of the npy arrays is not given: write {{\"rate\": HZ}} in {sidecarPath}, or pass --source-rate HZ");
        string csv = Path.Combine(full, sidecar.Csv ?? NpySidecar.DefaultCsv);
        CsvTable t = CsvTable.Read(csv, [FileColumn], [.. IdColumns, .. PatientColumns, .. FoldColumns, LabelsColumn],
            $"the npy dataset's record table, with a column '{FileColumn}' (each .npy file relative to {full}) and optionally "
            + $"ecg_id or record, patient (or patient_id, subject_id), labels (codes separated by '{LabelSeparator}'), fold or strat_fold");
        string? idColumn = IdColumns.FirstOrDefault(t.Has), patientColumn = PatientColumns.FirstOrDefault(t.Has);
        var records = new List<EcgRecordInfo>(t.Count);
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < t.Count; r++)
        {
            string file = t.Get(r, FileColumn) ?? throw t.CellError(r, FileColumn, "empty; it should name the record's .npy file, e.g. records/00001.npy");
            string id = idColumn is null ? Path.GetFileNameWithoutExtension(file) : Cells.Id(t, r, idColumn) ?? throw t.CellError(r, idColumn, "empty record id");
            if (!rowOf.TryAdd(id, r))
            {
                throw t.CellError(r, idColumn ?? FileColumn, $"record {id} is listed twice (first at row {t.RowNumber(rowOf[id])})");
            }

            var splits = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (string f in FoldColumns.Where(t.Has))
            {
                if (Cells.Int(t, r, f) is { } fold)
                {
                    splits[f] = fold;
                }
            }

            records.Add(new EcgRecordInfo(id, patientColumn is null ? null : Cells.Id(t, r, patientColumn), Path.GetFullPath(Path.Combine(full, file)))
            {
                Labels = Cells.Distinct((t.Get(r, LabelsColumn) ?? string.Empty).Split(LabelSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
                Splits = splits,
                ListedIn = t.Where(r),
            });
        }

        return new NpyDataset(full, records, rate, options?.Unit ?? sidecar.Unit ?? EcgUnit.Millivolts, options?.Layout ?? sidecar.Layout,
            sidecar.Leads ?? Core.Leads.All);
    }

    /// <summary>Reads <paramref name="record"/>'s array into canonical leads; errors name the record, its table row and the file.</summary>
    public Ecg Read(EcgRecordInfo record)
    {
        ArgumentNullException.ThrowIfNull(record);
        string where = Where(record);
        string path = record.HeaderPath;
        if (!File.Exists(path))
        {
            throw new DatasetException($"{where}: file {path} not found");
        }

        NpyArray array;
        NpyLayout layout;
        try
        {
            array = NpyArray.Read(path);
            layout = LayoutOf(array.Header, path);
        }
        catch (NpyFormatException ex)
        {
            throw new DatasetException($"{where}: {ex.Message}", ex);
        }

        int n = Leads.Count, length = layout == NpyLayout.TimeLeads ? array.Shape[0] : array.Shape[1];
        float[] values = array.ToSingles();
        var data = new float[Core.Leads.Count * length];
        var present = new bool[Core.Leads.Count];
        for (int j = 0; j < n; j++)
        {
            int lead = (int)Leads[j];
            present[lead] = true;
            Span<float> destination = data.AsSpan(lead * length, length);
            for (int k = 0; k < length; k++)
            {
                destination[k] = layout == NpyLayout.TimeLeads ? values[(k * n) + j] : values[(j * length) + k];
            }
        }

        var metadata = new EcgMetadata(record.RecordId, record.SubjectId, record.Age, record.Sex, path) { Unit = Unit };
        return new Ecg(Rate, length, data, present, metadata);
    }

    /// <summary>The record's rate, length, leads and storage from its .npy header alone.</summary>
    public RecordProbe? Probe(EcgRecordInfo record, ICollection<DatasetProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(problems);
        if (!File.Exists(record.HeaderPath))
        {
            problems.Add(new DatasetProblem(record, record.HeaderPath, "file not found"));
            return null;
        }

        try
        {
            NpyHeader header = NpyHeader.Read(record.HeaderPath);
            NpyLayout layout = LayoutOf(header, record.HeaderPath);
            long length = layout == NpyLayout.TimeLeads ? header.Shape[0] : header.Shape[1];
            string unit = Unit == EcgUnit.Standardised ? "standardised (not mV)" : "mV";
            return new RecordProbe(Rate, length, [.. Leads.Order()], $"{header.Dtype.NumpyName()} values, {unit}");
        }
        catch (NpyFormatException ex)
        {
            // The message starts with the path, which the problem names already.
            string message = ex.Message.StartsWith(record.HeaderPath + ": ", StringComparison.Ordinal) ? ex.Message[(record.HeaderPath.Length + 2)..] : ex.Message;
            problems.Add(new DatasetProblem(record, record.HeaderPath, message));
            return null;
        }
    }

    // The declared layout checked against the shape, or the one the lead count implies.
    private NpyLayout LayoutOf(NpyHeader header, string path)
    {
        IReadOnlyList<int> s = header.Shape;
        int n = Leads.Count;
        if (s.Count != 2)
        {
            throw new NpyFormatException($"{path}: shape {header.ShapeText} is not 2-D; an ECG array is (time, leads) or (leads, time)");
        }

        string leadsFrom = $"{n} leads are declared (lamae-npy.json \"leads\"; default the 12 standard leads)";
        if (Layout is { } declared)
        {
            int leadAxis = declared == NpyLayout.TimeLeads ? s[1] : s[0];
            return leadAxis == n ? declared
                : throw new NpyFormatException($"{path}: shape {header.ShapeText} read as {NpySidecar.NameOf(declared)} has {leadAxis} leads, but {leadsFrom}");
        }

        return (s[0] == n, s[1] == n) switch
        {
            (true, true) => throw new NpyFormatException(
                $"{path}: shape {header.ShapeText} is ambiguous: both axes have the lead count {n}; set \"layout\" ({NpySidecar.TimeLeads} or {NpySidecar.LeadsTime}) in lamae-npy.json, or pass --layout"),
            (false, true) => NpyLayout.TimeLeads,
            (true, false) => NpyLayout.LeadsTime,
            _ => throw new NpyFormatException($"{path}: shape {header.ShapeText} has no axis of length {n}, and {leadsFrom}"),
        };
    }

    private static string Where(EcgRecordInfo record) =>
        $"{DatasetKinds.Npy} record {record.RecordId}" + (record.ListedIn is null ? string.Empty : $" ({record.ListedIn})");
}

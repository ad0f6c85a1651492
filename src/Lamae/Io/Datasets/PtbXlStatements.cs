using System.Globalization;

namespace Lamae.Io.Datasets;

/// <summary>The PTB-XL benchmark's label tasks (Strodthoff et al. 2021, helme/ecg_ptbxl_benchmarking, code/utils/utils.py compute_label_aggregations).</summary>
public enum PtbXlTask
{
    /// <summary>Every scp_codes key, whatever its likelihood (71 statements).</summary>
    All,

    /// <summary>Codes whose statement has diagnostic == 1 (44 statements).</summary>
    Diagnostic,

    /// <summary>The diagnostic_subclass of diagnostic codes (23 subclasses).</summary>
    Subdiagnostic,

    /// <summary>The diagnostic_class of diagnostic codes: NORM, MI, STTC, CD, HYP.</summary>
    Superdiagnostic,

    /// <summary>Codes whose statement has form == 1 (19 statements).</summary>
    Form,

    /// <summary>Codes whose statement has rhythm == 1 (12 statements).</summary>
    Rhythm,
}

/// <summary>One row of scp_statements.csv: an SCP-ECG code, its flags and its diagnostic class and subclass.</summary>
public sealed record ScpStatement(string Code, string? Description, bool Diagnostic, bool Form, bool Rhythm, string? DiagnosticClass, string? DiagnosticSubclass);

/// <summary>The labels a PTB-XL benchmark task keeps: its codes (sorted, as sklearn's MultiLabelBinarizer) and each record's labels.</summary>
/// <param name="Codes">Codes kept, ordinal order.</param>
/// <param name="Labels">Per input record, its kept labels (empty: the benchmark leaves the record out).</param>
public sealed record PtbXlTaskLabels(IReadOnlyList<string> Codes, IReadOnlyList<IReadOnlyList<string>> Labels);

/// <summary>
/// PTB-XL's scp_statements.csv (first, unnamed column: the code) and the benchmark's label aggregation
/// (helme/ecg_ptbxl_benchmarking, code/utils/utils.py: compute_label_aggregations and select_data).
/// As there, every key of a record's scp_codes counts whatever its likelihood, including 0.
/// </summary>
public sealed class PtbXlStatements
{
    /// <summary>The table's file name in a PTB-XL release.</summary>
    public const string FileName = "scp_statements.csv";

    /// <summary>The five diagnostic superclasses.</summary>
    public static readonly IReadOnlyList<string> Superclasses = ["NORM", "MI", "STTC", "CD", "HYP"];

    private readonly Dictionary<string, ScpStatement> byCode;

    private PtbXlStatements(Dictionary<string, ScpStatement> byCode) => this.byCode = byCode;

    /// <summary>Every statement by code.</summary>
    public IReadOnlyDictionary<string, ScpStatement> ByCode => byCode;

    /// <summary>Reads scp_statements.csv.</summary>
    public static PtbXlStatements Load(string path)
    {
        const string describe = "PTB-XL's statement table: first column the SCP code, then description, diagnostic, form, rhythm, diagnostic_class, diagnostic_subclass";
        CsvTable t = CsvTable.Read(path, ["code", "diagnostic", "form", "rhythm", "diagnostic_class", "diagnostic_subclass"], ["description"], describe, firstColumnName: "code");
        var map = new Dictionary<string, ScpStatement>(StringComparer.Ordinal);
        for (int r = 0; r < t.Count; r++)
        {
            string code = t.Get(r, "code") ?? throw t.CellError(r, "code", "empty first column; it should hold the SCP code");
            map[code] = new ScpStatement(code, t.Get(r, "description"), Flag(t, r, "diagnostic"), Flag(t, r, "form"), Flag(t, r, "rhythm"),
                t.Get(r, "diagnostic_class"), t.Get(r, "diagnostic_subclass"));
        }

        return new PtbXlStatements(map);
    }

    /// <summary>A record's labels for <paramref name="task"/> from its scp_codes keys (first-seen order, no repeats).</summary>
    public IReadOnlyList<string> Aggregate(IEnumerable<string> scpCodes, PtbXlTask task)
    {
        ArgumentNullException.ThrowIfNull(scpCodes);
        IEnumerable<string?> mapped = task switch
        {
            PtbXlTask.All => scpCodes,
            PtbXlTask.Diagnostic => Known(scpCodes).Where(s => s.Diagnostic).Select(s => s.Code),
            PtbXlTask.Subdiagnostic => Known(scpCodes).Where(s => s.Diagnostic).Select(s => s.DiagnosticSubclass),
            PtbXlTask.Superdiagnostic => Known(scpCodes).Where(s => s.Diagnostic).Select(s => s.DiagnosticClass),
            PtbXlTask.Form => Known(scpCodes).Where(s => s.Form).Select(s => s.Code),
            PtbXlTask.Rhythm => Known(scpCodes).Where(s => s.Rhythm).Select(s => s.Code),
            _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
        };
        return Cells.Distinct(mapped.OfType<string>());
    }

    /// <summary>
    /// The benchmark's select_data: codes occurring in more than <paramref name="minSamples"/> of the given records
    /// (strictly more, counted over all records given, as the benchmark does) are kept; records keep only kept codes.
    /// The benchmark's default is minSamples = 0.
    /// </summary>
    public PtbXlTaskLabels Select(IReadOnlyList<EcgRecordInfo> records, PtbXlTask task, int minSamples = 0)
    {
        ArgumentNullException.ThrowIfNull(records);
        var perRecord = records.Select(r => Aggregate(r.Labels, task)).ToArray();
        var counts = perRecord.SelectMany(l => l).GroupBy(c => c, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var kept = counts.Where(kv => kv.Value > minSamples).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        var keptSet = kept.ToHashSet(StringComparer.Ordinal);
        return new PtbXlTaskLabels(kept, perRecord.Select(l => (IReadOnlyList<string>)l.Where(keptSet.Contains).ToArray()).ToArray());
    }

    private IEnumerable<ScpStatement> Known(IEnumerable<string> codes) =>
        codes.Select(c => byCode.GetValueOrDefault(c)).OfType<ScpStatement>();

    private static bool Flag(CsvTable t, int r, string column)
    {
        string? s = t.Get(r, column);
        if (s is null)
        {
            return false;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v == 1.0
            : throw t.CellError(r, column, $"'{s}' is not a flag (1.0 or empty)");
    }
}

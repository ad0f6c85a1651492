using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>
/// MIMIC-IV-ECG v1.0: <c>record_list.csv</c> (subject_id, study_id, file_name, ecg_time, path such as
/// files/p1000/p10000032/s40689238/40689238) with 500 Hz, 10 s WFDB records whose leads are stored
/// I II III aVR aVF aVL V1-V6 (the reader maps names, so canonical order comes out). ICD-10 labels and folds come
/// from MIMIC-IV-ECG-Ext-ICD's <c>records_w_diag_icd10.csv</c> when it is in the root, joined on study_id as the
/// benchmark code does (AI4HealthUOL/ECG-MIMIC, src/mimic_ecg_preprocessing.py). Labels are the chosen column's codes
/// as written; <see cref="MimicIcdLabels"/> prepares them the benchmark's way. Record id: study_id.
/// </summary>
public sealed class MimicEcgDataset : IEcgDataset
{
    /// <summary>MIMIC-IV-ECG's record table.</summary>
    public const string RecordListFile = "record_list.csv";

    /// <summary>MIMIC-IV-ECG-Ext-ICD's label table (optional).</summary>
    public const string DiagnosesFile = "records_w_diag_icd10.csv";

    /// <summary>The Ext-ICD split field, 0-19, stratified by patient: 0-17 train, 18 validation, 19 test.</summary>
    public const string FoldField = "strat_fold";

    /// <summary>The folds of the Ext-ICD paper's own experiments (the benchmark script trains on fold &lt; max-1).</summary>
    public const string PaperFoldField = "fold";

    /// <summary>Last training fold of strat_fold (ecg-fm-benchmarking mimic_preprocessing.py: train 0-17, val 18, test 19).</summary>
    public const int LastTrainFold = 17;

    /// <summary>Validation fold.</summary>
    public const int ValidationFold = 18;

    /// <summary>Test fold.</summary>
    public const int TestFold = 19;

    /// <summary>The list-valued label columns of records_w_diag_icd10.csv.</summary>
    public static readonly IReadOnlyList<string> LabelColumns = ["ed_diag_ed", "ed_diag_hosp", "hosp_diag_hosp", "all_diag_hosp", "all_diag_all"];

    /// <summary>The default label column: hospital discharge diagnoses when admitted, else ED diagnoses (the benchmark's "all" label set).</summary>
    public const string DefaultLabelColumn = "all_diag_all";

    private MimicEcgDataset(string root, IReadOnlyList<EcgRecordInfo> records, bool hasDiagnoses, string labelColumn)
    {
        Root = root;
        Records = records;
        HasDiagnoses = hasDiagnoses;
        LabelColumn = labelColumn;
    }

    public string Name => DatasetKinds.Mimic;

    public string Root { get; }

    public IReadOnlyList<EcgRecordInfo> Records { get; }

    /// <summary>Whether records_w_diag_icd10.csv was found (else records have no labels and no folds).</summary>
    public bool HasDiagnoses { get; }

    /// <summary>The Ext-ICD column the labels came from.</summary>
    public string LabelColumn { get; }

    /// <summary>Opens the MIMIC-IV-ECG folder <paramref name="root"/> (the one holding record_list.csv and files/).</summary>
    public static MimicEcgDataset Open(string root, string labelColumn = DefaultLabelColumn)
    {
        ArgumentNullException.ThrowIfNull(labelColumn);
        if (!LabelColumns.Contains(labelColumn, StringComparer.Ordinal))
        {
            throw new DatasetException($"label column '{labelColumn}' is not one of MIMIC-IV-ECG-Ext-ICD's: {string.Join(", ", LabelColumns)}");
        }

        string full = DatasetRecords.CheckRoot(root, "MIMIC-IV-ECG");
        CsvTable list = CsvTable.Read(Path.Combine(full, RecordListFile), ["subject_id", "study_id", "path"], ["file_name", "ecg_time"],
            "MIMIC-IV-ECG's record table with columns subject_id, study_id, file_name, ecg_time, path (e.g. files/p1000/p10000032/s40689238/40689238)");

        Dictionary<string, int> diagRow = [];
        CsvTable? diag = null;
        string diagPath = Path.Combine(full, DiagnosesFile);
        if (File.Exists(diagPath))
        {
            diag = CsvTable.Read(diagPath, ["study_id", labelColumn], ["subject_id", FoldField, PaperFoldField, "age", "gender"],
                $"MIMIC-IV-ECG-Ext-ICD's table, one row per ECG, with study_id, list-valued columns such as {labelColumn} (['I10', 'E785']) and strat_fold 0-19");
            for (int r = 0; r < diag.Count; r++)
            {
                string study = Cells.Id(diag, r, "study_id") ?? throw diag.CellError(r, "study_id", "empty");
                if (!diagRow.TryAdd(study, r))
                {
                    throw diag.CellError(r, "study_id", $"study {study} appears twice (first at row {diag.RowNumber(diagRow[study])}); the table has one row per ECG");
                }
            }
        }

        var records = new List<EcgRecordInfo>(list.Count);
        for (int r = 0; r < list.Count; r++)
        {
            string study = Cells.Id(list, r, "study_id") ?? throw list.CellError(r, "study_id", "empty");
            string path = list.Get(r, "path") ?? throw list.CellError(r, "path", "empty; it should be like files/p1000/p10000032/s40689238/40689238");
            var info = new EcgRecordInfo(study, Cells.Id(list, r, "subject_id"), DatasetRecords.HeaderUnder(full, path))
            {
                Time = Cells.Time(list, r, "ecg_time"),
                ListedIn = list.Where(r),
            };
            if (diag is not null && diagRow.TryGetValue(study, out int d))
            {
                var splits = new Dictionary<string, int>();
                foreach (string field in new[] { FoldField, PaperFoldField })
                {
                    if (Cells.Int(diag, d, field) is { } f)
                    {
                        splits[field] = f;
                    }
                }

                info = info with
                {
                    Labels = Cells.Distinct(Cells.StringList(diag, d, labelColumn).Select(c => c.Trim())),
                    Splits = splits,
                    Age = Cells.Number(diag, d, "age"),
                    Sex = EcgMetadata.ParseSex(diag.Get(d, "gender")),
                };
            }

            records.Add(info);
        }

        return new MimicEcgDataset(full, records, diag is not null, labelColumn);
    }

    public Ecg Read(EcgRecordInfo record) => DatasetRecords.Read(this, record);

    /// <summary>The benchmark split from strat_fold: 0-17 train, 18 validation, 19 test.</summary>
    public static DatasetSplit SplitOf(EcgRecordInfo record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Split(FoldField) switch
        {
            >= 0 and <= LastTrainFold => DatasetSplit.Train,
            ValidationFold => DatasetSplit.Validation,
            TestFold => DatasetSplit.Test,
            _ => DatasetSplit.None,
        };
    }
}

using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>Which PTB-XL waveforms to read: the 100 Hz (records100, filename_lr) or 500 Hz (records500, filename_hr) copies.</summary>
public enum PtbXlRate
{
    Hz100 = 100,
    Hz500 = 500,
}

/// <summary>
/// PTB-XL (Wagner et al. 2020): <c>ptbxl_database.csv</c> lists the records (ecg_id, patient_id, age, sex 0 male/1 female,
/// scp_codes as a Python dict of code to likelihood, strat_fold 1-10, filename_lr/filename_hr) and
/// <c>scp_statements.csv</c> says what each code is. Labels are every scp_codes key, whatever its likelihood
/// (the likelihoods are in <see cref="EcgRecordInfo.LabelDetails"/>); <see cref="PtbXlStatements"/> derives the benchmark tasks.
/// </summary>
public sealed class PtbXlDataset : IEcgDataset
{
    /// <summary>The database table's name in a PTB-XL release.</summary>
    public const string DatabaseFile = "ptbxl_database.csv";

    /// <summary>The name of the shared test folder's copy, which holds only the rows of the records present there.</summary>
    public const string PresentRowsDatabaseFile = "ptbxl_database.present_rows.csv";

    /// <summary>The split field.</summary>
    public const string FoldField = "strat_fold";

    /// <summary>Benchmark folds (Strodthoff et al. 2021, helme/ecg_ptbxl_benchmarking: train_fold=8, val_fold=9, test_fold=10): 1-8 train.</summary>
    public const int LastTrainFold = 8;

    /// <summary>The benchmark's validation fold.</summary>
    public const int ValidationFold = 9;

    /// <summary>The benchmark's test fold.</summary>
    public const int TestFold = 10;

    /// <summary>PTB-XL writes ages above 89 as 300 (de-identification); such ages are left unknown here.</summary>
    public const double DeidentifiedAge = 300;

    private static readonly string[] Required = ["ecg_id", "patient_id", "scp_codes", FoldField, "filename_lr", "filename_hr"];
    private static readonly string[] Optional = ["age", "sex", "recording_date"];

    private PtbXlDataset(string root, PtbXlRate rate, IReadOnlyList<EcgRecordInfo> records, PtbXlStatements statements)
    {
        Root = root;
        Rate = rate;
        Records = records;
        Statements = statements;
    }

    public string Name => DatasetKinds.PtbXl;

    public string Root { get; }

    /// <summary>Which waveform copy is read.</summary>
    public PtbXlRate Rate { get; }

    public IReadOnlyList<EcgRecordInfo> Records { get; }

    /// <summary>The statements table (classes, subclasses, form and rhythm flags).</summary>
    public PtbXlStatements Statements { get; }

    /// <summary>Opens the PTB-XL folder <paramref name="root"/>; tables are read now, waveforms only by <see cref="Read"/>.</summary>
    public static PtbXlDataset Open(string root, PtbXlRate rate = PtbXlRate.Hz100)
    {
        string full = DatasetRecords.CheckRoot(root, "PTB-XL");
        string db = Path.Combine(full, DatabaseFile);
        if (!File.Exists(db) && File.Exists(Path.Combine(full, PresentRowsDatabaseFile)))
        {
            db = Path.Combine(full, PresentRowsDatabaseFile);
        }

        const string describe = "PTB-XL's record table with columns ecg_id, patient_id, age, sex, scp_codes (a dict such as {'NORM': 100.0}), strat_fold, filename_lr, filename_hr";
        CsvTable t = CsvTable.Read(db, Required, Optional, describe);
        PtbXlStatements statements = PtbXlStatements.Load(Path.Combine(full, PtbXlStatements.FileName));
        string fileColumn = rate == PtbXlRate.Hz100 ? "filename_lr" : "filename_hr";
        var records = new List<EcgRecordInfo>(t.Count);
        for (int r = 0; r < t.Count; r++)
        {
            string id = Cells.Id(t, r, "ecg_id") ?? throw t.CellError(r, "ecg_id", "empty");
            string file = t.Get(r, fileColumn) ?? throw t.CellError(r, fileColumn, "empty; it should name the record, e.g. records100/00000/00001_lr");
            IReadOnlyList<KeyValuePair<string, double>> codes = ScpCodes(t, r);
            double? age = Cells.Number(t, r, "age");
            int? fold = Cells.Int(t, r, FoldField);
            records.Add(new EcgRecordInfo(id, Cells.Id(t, r, "patient_id"), DatasetRecords.HeaderUnder(full, file))
            {
                Labels = codes.Select(kv => kv.Key).ToArray(),
                LabelDetails = codes.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                Splits = fold is { } f ? new Dictionary<string, int> { [FoldField] = f } : new Dictionary<string, int>(),
                Age = age is >= DeidentifiedAge ? null : age,
                Sex = t.Get(r, "sex") switch
                {
                    "0" or "0.0" => Sex.Male,
                    "1" or "1.0" => Sex.Female,
                    _ => Sex.Unknown,
                },
                Time = Cells.Time(t, r, "recording_date"),
                ListedIn = t.Where(r),
            });
        }

        return new PtbXlDataset(full, rate, records, statements);
    }

    public Ecg Read(EcgRecordInfo record) => DatasetRecords.Read(this, record);

    /// <summary>The benchmark split of a record from its strat_fold: 1-8 train, 9 validation, 10 test.</summary>
    public static DatasetSplit SplitOf(EcgRecordInfo record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Split(FoldField) switch
        {
            >= 1 and <= LastTrainFold => DatasetSplit.Train,
            ValidationFold => DatasetSplit.Validation,
            TestFold => DatasetSplit.Test,
            _ => DatasetSplit.None,
        };
    }

    /// <summary>The labels of <paramref name="record"/> for a benchmark task.</summary>
    public IReadOnlyList<string> LabelsFor(EcgRecordInfo record, PtbXlTask task)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Statements.Aggregate(record.Labels, task);
    }

    private static IReadOnlyList<KeyValuePair<string, double>> ScpCodes(CsvTable t, int r)
    {
        string? s = t.Get(r, "scp_codes");
        if (s is null)
        {
            return [];
        }

        try
        {
            return PythonLiteral.ParseStringToNumberDict(s);
        }
        catch (FormatException ex)
        {
            throw t.CellError(r, "scp_codes", "malformed Python dict literal (expected e.g. {'NORM': 100.0, 'SR': 0.0}): " + ex.Message);
        }
    }
}

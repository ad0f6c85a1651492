using Lamae.Io.Datasets;

namespace Lamae.Evaluation.Labels;

/// <summary>
/// The label sets (DESIGN.md section 7, issue 16), by name: <c>icd10</c> (MIMIC-IV-ECG-Ext-ICD's conventions, also the
/// simulator's codes), the PTB-XL benchmark's tasks (<c>ptbxl-all</c>, <c>ptbxl-diagnostic</c>,
/// <c>ptbxl-subdiagnostic</c>, <c>ptbxl-superdiagnostic</c>, <c>ptbxl-form</c>, <c>ptbxl-rhythm</c>) and the CinC 2021
/// scored classes (<c>cinc</c>). Each maps the cache's raw codes, then keeps the codes enough training patients have.
/// </summary>
public static class LabelSets
{
    /// <summary>ICD-10 codes with MIMIC-IV-ECG-Ext-ICD's conventions.</summary>
    public const string Icd10 = "icd10";

    /// <summary>The CinC 2021 scored SNOMED-CT classes.</summary>
    public const string Cinc = "cinc";

    /// <summary>PTB-XL statements bridged to ICD-10-CM (<see cref="ScpIcd10Bridge"/>), then the <see cref="Icd10"/> conventions.</summary>
    public const string PtbXlIcd10 = "ptbxl-icd10";

    private const string PtbXlPrefix = "ptbxl-";

    private static readonly IReadOnlyDictionary<string, PtbXlTask> PtbXlTasks = new Dictionary<string, PtbXlTask>(StringComparer.Ordinal)
    {
        [PtbXlPrefix + "all"] = PtbXlTask.All,
        [PtbXlPrefix + "diagnostic"] = PtbXlTask.Diagnostic,
        [PtbXlPrefix + "subdiagnostic"] = PtbXlTask.Subdiagnostic,
        [PtbXlPrefix + "superdiagnostic"] = PtbXlTask.Superdiagnostic,
        [PtbXlPrefix + "form"] = PtbXlTask.Form,
        [PtbXlPrefix + "rhythm"] = PtbXlTask.Rhythm,
    };

    /// <summary>Every label set's name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Icd10, .. PtbXlTasks.Keys, PtbXlIcd10, Cinc];

    /// <summary>
    /// Builds the label set <paramref name="name"/> over <paramref name="records"/> (the rows of an embeddings folder)
    /// from a cache of <paramref name="dataset"/> whose source folder was <paramref name="datasetRoot"/>. Throws a
    /// <see cref="LamaeException"/> with one line when the set does not fit the data or keeps no code.
    /// </summary>
    public static LabelSet Build(string name, IReadOnlyList<EmbeddedRecord> records, string? dataset, string? datasetRoot, LabelSetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(records);
        options ??= new LabelSetOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MinPatients, "options.MinPatients");
        (Func<EmbeddedRecord, IEnumerable<string>> map, string description, bool mergeCopies) = Mapping(name, dataset, datasetRoot, options);
        var mapped = records.Select(r => map(r).Distinct(StringComparer.Ordinal).ToArray()).ToArray();
        LabelSet set = Choose(name, description, records, mapped, options.MinPatients, mergeCopies);
        if (set.Codes.Count == 0)
        {
            string why = set.Dropped.Count == 0
                ? "no record has any code"
                : $"{set.Dropped.Count} codes dropped, for example {set.Dropped.OrderBy(d => d.Reason.Length).First().Code}: {set.Dropped.OrderBy(d => d.Reason.Length).First().Reason}";
            throw new LamaeException($"label set {name}: no usable code ({why}); lower --min-patients (now {options.MinPatients}) or choose another --labels");
        }

        return set;
    }

    private static (Func<EmbeddedRecord, IEnumerable<string>> Map, string Description, bool MergeCopies) Mapping(
        string name, string? dataset, string? datasetRoot, LabelSetOptions options)
    {
        if (name == Icd10)
        {
            if (dataset is not (null or DatasetKinds.Mimic or DatasetKinds.Synthetic))
            {
                throw new LamaeException($"label set {Icd10} needs ICD-10 codes (a mimic or synthetic cache); this cache's dataset is {dataset}: use {(dataset == DatasetKinds.PtbXl ? "a ptbxl-* set" : dataset == DatasetKinds.Cinc ? Cinc : "another set")}");
            }

            return (r => IcdConventions(r.Labels, options.IcdDigits), IcdDescription("ICD-10 codes", options.IcdDigits), true);
        }

        if (name == PtbXlIcd10)
        {
            string path = TablePath(name, DatasetKinds.PtbXl, PtbXlDataset.DatabaseFile, dataset, datasetRoot, options);
            string presentRows = Path.Combine(Path.GetDirectoryName(path)!, PtbXlDataset.PresentRowsDatabaseFile);
            path = options.Table is null && !File.Exists(path) && File.Exists(presentRows) ? presentRows : path;  // as PtbXlDataset.Open reads it
            IReadOnlyDictionary<string, (string? First, string? Second)> stadia = Load(path, InfarctionStadia);
            return (
                r => IcdConventions(ScpIcd10Bridge.Map(r.Labels, stadia.GetValueOrDefault(r.Record).First, stadia.GetValueOrDefault(r.Record).Second), options.IcdDigits),
                IcdDescription($"PTB-XL statements bridged to ICD-10-CM (docs/ptbxl-icd10-bridge.md; infarct age from {path})", options.IcdDigits),
                true);
        }

        if (PtbXlTasks.TryGetValue(name, out PtbXlTask task))
        {
            string path = TablePath(name, DatasetKinds.PtbXl, PtbXlStatements.FileName, dataset, datasetRoot, options);
            PtbXlStatements statements = Load(path, PtbXlStatements.Load);
            return (r => statements.Aggregate(r.Labels, task), $"PTB-XL statements, task {task} of the PTB-XL benchmark ({path})", false);
        }

        if (name == Cinc)
        {
            string path = TablePath(name, DatasetKinds.Cinc, CincScoredClasses.FileName, dataset, datasetRoot, options);
            CincScoredClasses scored = Load(path, CincScoredClasses.Load);
            return (r => scored.Map(r.Labels), $"CinC 2021 scored SNOMED-CT classes, equivalents merged ({path})", false);
        }

        throw new LamaeException($"unknown label set '{name}'; use one of {string.Join(", ", Names)}");
    }

    private static IEnumerable<string> IcdConventions(IEnumerable<string> codes, int digits) =>
        codes.Select(c => MimicIcdLabels.Truncate(c, digits)).SelectMany(MimicIcdLabels.WithAncestors);

    private static string IcdDescription(string what, int digits) =>
        $"{what} truncated to {digits} characters, trailing X removed, every ancestor down to the 3-character category added "
        + "(MIMIC-IV-ECG-Ext-ICD); an ancestor with the same training records as a more specific code is merged into it";

    // ecg_id -> (infarction_stadium1, infarction_stadium2) from ptbxl_database.csv.
    private static IReadOnlyDictionary<string, (string? First, string? Second)> InfarctionStadia(string path)
    {
        CsvTable t = CsvTable.Read(path, ["ecg_id"], ["infarction_stadium1", "infarction_stadium2"], "PTB-XL's record table (ecg_id, infarction_stadium1, infarction_stadium2)");
        var stadia = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        for (int r = 0; r < t.Count; r++)
        {
            stadia[Cells.Id(t, r, "ecg_id") ?? throw t.CellError(r, "ecg_id", "empty")] = (t.Get(r, "infarction_stadium1"), t.Get(r, "infarction_stadium2"));
        }

        return stadia;
    }

    private static string TablePath(string name, string kind, string fileName, string? dataset, string? datasetRoot, LabelSetOptions options)
    {
        if (options.Table is { } table)
        {
            return Path.GetFullPath(table);
        }

        if (dataset != kind || string.IsNullOrEmpty(datasetRoot))
        {
            throw new LamaeException($"label set {name} maps codes with {fileName}; this cache's dataset is {dataset ?? "unknown"}, so give the file with --label-table");
        }

        return Path.Combine(datasetRoot, fileName);
    }

    private static T Load<T>(string path, Func<string, T> load)
    {
        if (!File.Exists(path))
        {
            throw new LamaeException($"{path}: not found; give the table with --label-table");
        }

        try
        {
            return load(path);
        }
        catch (DatasetException ex)
        {
            throw new LamaeException(ex.Message, ex);
        }
    }

    private static LabelSet Choose(string name, string description, IReadOnlyList<EmbeddedRecord> records, string[][] mapped, int minPatients, bool mergeCopies)
    {
        int n = records.Count;
        bool[] training = records.Select(r => r.Split == "train").ToArray();
        var patientsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var trainingRowsOf = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int r = 0; r < n; r++)
        {
            foreach (string code in mapped[r])
            {
                if (!patientsOf.TryGetValue(code, out HashSet<string>? patients))
                {
                    patientsOf[code] = patients = new HashSet<string>(StringComparer.Ordinal);
                    trainingRowsOf[code] = [];
                }

                if (training[r])
                {
                    patients.Add(records[r].Patient);
                    trainingRowsOf[code].Add(r);
                }
            }
        }

        var dropped = new List<SkippedCode>();
        var candidates = new List<string>();
        foreach ((string code, HashSet<string> patients) in patientsOf.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (patients.Count < minPatients)
            {
                dropped.Add(new SkippedCode(code, $"{patients.Count} training patients have it, fewer than the minimum {minPatients}"));
            }
            else
            {
                candidates.Add(code);
            }
        }

        if (mergeCopies)
        {
            // An ancestor whose only descendant here is one code (I48 and I489 of I4891) labels the same records: one
            // column, not three counted in the macro average. The more specific code stays.
            var byRows = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string code in candidates.OrderByDescending(c => c.Length).ThenBy(c => c, StringComparer.Ordinal))
            {
                string key = string.Join(',', trainingRowsOf[code]);
                if (byRows.TryGetValue(key, out string? kept))
                {
                    dropped.Add(new SkippedCode(code, $"the same training records as {kept}, which is kept"));
                }
                else
                {
                    byRows[key] = code;
                }
            }

            candidates = [.. byRows.Values];
        }

        string[] codes = candidates.OrderByDescending(c => patientsOf[c].Count).ThenBy(c => c, StringComparer.Ordinal).ToArray();
        var labels = codes.Select(code =>
        {
            bool[] column = new bool[n];
            for (int r = 0; r < n; r++)
            {
                column[r] = Array.IndexOf(mapped[r], code) >= 0;
            }

            return column;
        }).ToArray();
        dropped.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return new LabelSet(name, description, minPatients, codes, codes.Select(c => patientsOf[c].Count).ToArray(), dropped, labels);
    }
}

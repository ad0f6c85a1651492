namespace Lamae.Evaluation.Labels;

/// <summary>How a label set chooses its codes; every choice looks at the training split only.</summary>
public sealed record LabelSetOptions
{
    /// <summary>
    /// A code is kept when at least this many training patients have it (patients, not records, so that one patient's
    /// many ECGs do not make a code look common). MIMIC-IV-ECG-Ext-ICD's scenarios keep codes with 2,000 positives.
    /// </summary>
    public int MinPatients { get; init; } = 10;

    /// <summary>ICD-10: characters kept of each code (the benchmark's "_5A": 5).</summary>
    public int IcdDigits { get; init; } = 5;

    /// <summary>
    /// The table a label set maps raw codes with: PTB-XL's scp_statements.csv, its ptbxl_database.csv (ptbxl-icd10: the
    /// infarction stadia) or the CinC 2021 weights.csv. Null:
    /// the one in the cache's dataset folder.
    /// </summary>
    public string? Table { get; init; }
}

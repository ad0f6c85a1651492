using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>One record of a dataset as its tables describe it, before any signal is read.</summary>
/// <param name="RecordId">The record's id in its dataset (PTB-XL ecg_id, MIMIC study_id, CinC record name).</param>
/// <param name="SubjectId">The patient, when the dataset says.</param>
/// <param name="HeaderPath">Full path of the record's WFDB header (.hea).</param>
public sealed record EcgRecordInfo(string RecordId, string? SubjectId, string HeaderPath)
{
    /// <summary>Label codes as strings (SCP codes, ICD-10 codes, SNOMED-CT codes), in table order, without repeats.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>A number per label when the dataset gives one (PTB-XL: the likelihood 0-100); else null.</summary>
    public IReadOnlyDictionary<string, double>? LabelDetails { get; init; }

    /// <summary>Split fields as the dataset names them (PTB-XL and MIMIC-IV-ECG-Ext-ICD "strat_fold", its "fold").</summary>
    public IReadOnlyDictionary<string, int> Splits { get; init; } = new Dictionary<string, int>();

    /// <summary>Age in years, when known.</summary>
    public double? Age { get; init; }

    /// <summary>Sex, when known.</summary>
    public Sex Sex { get; init; } = Sex.Unknown;

    /// <summary>When the ECG was recorded, as the dataset writes it (MIMIC dates are shifted into the future).</summary>
    public DateTime? Time { get; init; }

    /// <summary>The part of the dataset it comes from (CinC source folder such as "georgia"); null when there is one part.</summary>
    public string? Source { get; init; }

    /// <summary>Where the record was listed ("ptbxl_database.csv row 2", or the header path), for messages.</summary>
    public string? ListedIn { get; init; }

    /// <summary>The value of split field <paramref name="name"/>, or null when the record has none.</summary>
    public int? Split(string name) => Splits.TryGetValue(name, out int v) ? v : null;
}

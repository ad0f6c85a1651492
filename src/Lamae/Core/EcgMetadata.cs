namespace Lamae.Core;

/// <summary>What is known about an ECG besides its signal.</summary>
/// <param name="RecordId">The record's id in its dataset (PTB-XL ecg_id, MIMIC study_id, CinC record name).</param>
/// <param name="SubjectId">The patient, when the dataset says (splits never put one patient in two splits).</param>
/// <param name="Age">Age in years, when known.</param>
/// <param name="Sex">Sex, when known.</param>
/// <param name="Source">The file the ECG was read from.</param>
/// <param name="Comments">Free-text comment lines of the header, in file order.</param>
/// <param name="Fields">Key-value pairs parsed from the comments (e.g. "Dx", "Age"), keys as written.</param>
public sealed record EcgMetadata(
    string RecordId,
    string? SubjectId = null,
    double? Age = null,
    Sex Sex = Sex.Unknown,
    string? Source = null,
    IReadOnlyList<string>? Comments = null,
    IReadOnlyDictionary<string, string>? Fields = null)
{
    /// <summary>Comment lines (never null).</summary>
    public IReadOnlyList<string> Comments { get; init; } = Comments ?? [];

    /// <summary>What looked wrong when the ECG was read (checksum mismatches, left-out signals, header quirks).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What the sample values measure: mV unless the dataset declares them standardised.</summary>
    public EcgUnit Unit { get; init; } = EcgUnit.Millivolts;

    /// <summary>Parsed comment fields (never null).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = Fields ?? new Dictionary<string, string>();

    /// <summary>Parses "M", "male", "F", "Female" and the like.</summary>
    public static Sex ParseSex(string? text)
    {
        string t = (text ?? string.Empty).Trim().ToUpperInvariant();
        return t switch
        {
            "M" or "MALE" or "0" => Sex.Male,
            "F" or "FEMALE" or "W" or "1" => Sex.Female,
            _ => Sex.Unknown,
        };
    }
}

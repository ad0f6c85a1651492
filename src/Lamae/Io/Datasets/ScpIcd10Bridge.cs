namespace Lamae.Io.Datasets;

/// <summary>One SCP-ECG statement's ICD-10-CM code (undotted, as MIMIC-IV-ECG-Ext-ICD writes codes), or null with the reason it has none.</summary>
/// <param name="Statement">The PTB-XL statement (scp_statements.csv).</param>
/// <param name="Code">The ICD-10-CM code, undotted ("I4891"); null when the statement has no faithful code.</param>
/// <param name="Basis">What the mapping rests on, or why there is none (docs/ptbxl-icd10-bridge.md).</param>
public sealed record ScpIcd10Mapping(string Statement, string? Code, string Basis);

/// <summary>
/// The SCP-ECG statement -> ICD-10-CM bridge for PTB-XL (issue 17; the table and its sources: docs/ptbxl-icd10-bridge.md).
/// Only statements whose finding an ICD-10-CM code names are mapped (titles from the ICD-10-CM FY2024 Tabular List);
/// every other statement is listed with the reason. Infarct statements take their code from the record's infarction
/// stadium (PTB-XL's infarction_stadium1/2): stadium I, I-II or II (acute, recent) -> I21.9, stadium III (old) -> I25.2;
/// a record whose stadium is unknown, empty or II-III gets no infarct code.
/// </summary>
public static class ScpIcd10Bridge
{
    /// <summary>Acute myocardial infarction, unspecified (I21.9).</summary>
    public const string AcuteInfarct = "I219";

    /// <summary>Old myocardial infarction (I25.2).</summary>
    public const string OldInfarct = "I252";

    private const string Nonspecific = "R9431";
    private const string NonspecificBasis = "R94.31 'Abnormal electrocardiogram [ECG] [EKG]': a non-specific finding without a disease of its own";
    private const string InfarctBasis = "a myocardial infarction whose age is the record's infarction stadium: I, I-II, II -> I21.9 'Acute myocardial infarction, unspecified'; III -> I25.2 'Old myocardial infarction'; unknown, empty or II-III -> no code";

    /// <summary>Every PTB-XL statement (the 71 of scp_statements.csv) with its code or the reason it has none.</summary>
    public static readonly IReadOnlyList<ScpIcd10Mapping> Table =
    [
        // Rhythm
        new("AFIB", "I4891", "I48.91 'Unspecified atrial fibrillation'"),
        new("AFLT", "I4892", "I48.92 'Unspecified atrial flutter'"),
        new("STACH", "R000", "R00.0 'Tachycardia, unspecified' (the Index's 'Tachycardia, sinus')"),
        new("SBRAD", "R001", "R00.1 'Bradycardia, unspecified' (the Index's 'Bradycardia, sinus')"),
        new("SARRH", "I498", "I49.8 'Other specified cardiac arrhythmias' (the Index's 'Arrhythmia, sinus')"),
        new("SVTAC", "I4710", "I47.10 'Supraventricular tachycardia, unspecified' (FY2023 and later; I47.1 before)"),
        new("PSVT", "I4710", "I47.10 'Supraventricular tachycardia, unspecified', under I47 'Paroxysmal tachycardia'"),
        new("PACE", "Z950", "Z95.0 'Presence of cardiac pacemaker'"),
        new("SR", null, "sinus rhythm is normal: no diagnosis"),
        new("SVARR", null, "'supraventricular arrhythmia' names no specific arrhythmia; I49.9 'Cardiac arrhythmia, unspecified' would merge unlike findings"),
        new("BIGU", null, "a bigeminal pattern of unknown origin (supraventricular or ventricular): I49.1 and I49.3 need the origin"),
        new("TRIGU", null, "a trigeminal pattern of unknown origin (supraventricular or ventricular): I49.1 and I49.3 need the origin"),

        // Conduction
        new("1AVB", "I440", "I44.0 'Atrioventricular block, first degree'"),
        new("LPR", "I440", "a prolonged PR interval is first-degree AV block by definition: I44.0"),
        new("2AVB", "I441", "I44.1 'Atrioventricular block, second degree'"),
        new("3AVB", "I442", "I44.2 'Atrioventricular block, complete'"),
        new("LAFB", "I444", "I44.4 'Left anterior fascicular block'"),
        new("LPFB", "I445", "I44.5 'Left posterior fascicular block'"),
        new("CLBBB", "I447", "I44.7 'Left bundle-branch block, unspecified'"),
        new("CRBBB", "I4510", "I45.10 'Unspecified right bundle-branch block'"),
        new("IVCD", "I454", "I45.4 'Nonspecific intraventricular block'"),
        new("WPW", "I456", "I45.6 'Pre-excitation syndrome' (Wolff-Parkinson-White)"),
        new("IRBBB", null, "incomplete RBBB has no code of its own; I45.19 'Other right bundle-branch block' would merge it with other forms"),
        new("ILBBB", null, "incomplete LBBB has no code of its own in I44"),

        // Ectopy
        new("PVC", "I493", "I49.3 'Ventricular premature depolarization'"),
        new("PAC", "I491", "I49.1 'Atrial premature depolarization'"),
        new("PRC(S)", "I4940", "I49.40 'Unspecified premature depolarization'"),

        // Hypertrophy and enlargement
        new("LVH", "I517", "I51.7 'Cardiomegaly', whose inclusion terms are cardiac and ventricular hypertrophy"),
        new("RVH", "I517", "I51.7 'Cardiomegaly', whose inclusion terms are cardiac and ventricular hypertrophy"),
        new("SEHYP", null, "septal hypertrophy on an ECG does not say whether it is hypertrophic cardiomyopathy (I42.1/I42.2) or LVH"),
        new("LAO/LAE", null, "I51.7's inclusion terms name ventricular, not atrial, enlargement; no atrial code"),
        new("RAO/RAE", null, "I51.7's inclusion terms name ventricular, not atrial, enlargement; no atrial code"),
        new("VCLVH", Nonspecific, "voltage criteria alone are not hypertrophy; " + NonspecificBasis),

        // QT
        new("LNGQT", "I4581", "I45.81 'Long QT syndrome', as the simulator codes it; note the Index sends 'Prolonged QT interval' to R94.31"),

        // Infarction (by stadium)
        new("IMI", AcuteInfarct, InfarctBasis),
        new("ASMI", AcuteInfarct, InfarctBasis),
        new("AMI", AcuteInfarct, InfarctBasis),
        new("ALMI", AcuteInfarct, InfarctBasis),
        new("LMI", AcuteInfarct, InfarctBasis),
        new("ILMI", AcuteInfarct, InfarctBasis),
        new("IPLMI", AcuteInfarct, InfarctBasis),
        new("IPMI", AcuteInfarct, InfarctBasis),
        new("PMI", AcuteInfarct, InfarctBasis),
        new("INJAS", null, "'compatible with subendocardial injury' is not a diagnosis of infarction (I21.4 needs one)"),
        new("INJAL", null, "'compatible with subendocardial injury' is not a diagnosis of infarction (I21.4 needs one)"),
        new("INJIN", null, "'compatible with subendocardial injury' is not a diagnosis of infarction (I21.4 needs one)"),
        new("INJLA", null, "'compatible with subendocardial injury' is not a diagnosis of infarction (I21.4 needs one)"),
        new("INJIL", null, "'compatible with subendocardial injury' is not a diagnosis of infarction (I21.4 needs one)"),

        // Ischaemia and ST-T
        new("ISC_", null, "ischaemic ST-T changes do not say acute (I24) or chronic (I25) ischaemic heart disease"),
        new("ISCAL", null, "ischaemic ST-T changes do not say acute (I24) or chronic (I25) ischaemic heart disease"),
        new("ISCIN", null, "ischaemic ST-T changes do not say acute (I24) or chronic (I25) ischaemic heart disease"),
        new("ISCIL", null, "ischaemic ST-T changes do not say acute (I24) or chronic (I25) ischaemic heart disease"),
        new("ISCAS", null, "ischaemic ST-T changes do not say acute (I24) or chronic (I25) ischaemic heart disease"),
        new("ISCLA", null, "ischaemic ST-T changes do not say acute (I24) or chronic (I25) ischaemic heart disease"),
        new("ISCAN", null, "ischaemic ST-T changes do not say acute (I24) or chronic (I25) ischaemic heart disease"),
        new("ANEUR", null, "'compatible with ventricular aneurysm' is not a diagnosis of aneurysm (I25.3 needs one)"),
        new("DIG", null, "a digitalis effect is not an adverse effect or poisoning (T46.0X-)"),
        new("EL", null, "'electrolytic disturbance or drug' names neither one electrolyte (E87.-) nor one drug"),
        new("NDT", Nonspecific, NonspecificBasis),
        new("NST_", Nonspecific, NonspecificBasis),
        new("STD_", Nonspecific, NonspecificBasis),
        new("STE_", Nonspecific, NonspecificBasis),
        new("NT_", Nonspecific, NonspecificBasis),
        new("TAB_", Nonspecific, NonspecificBasis),
        new("INVT", Nonspecific, NonspecificBasis),
        new("LOWT", Nonspecific, NonspecificBasis),
        new("QWAVE", Nonspecific, NonspecificBasis),
        new("ABQRS", Nonspecific, NonspecificBasis),
        new("LVOLT", Nonspecific, NonspecificBasis),
        new("HVOLT", Nonspecific, NonspecificBasis),

        // Normal
        new("NORM", null, "a normal ECG has no diagnosis code"),
    ];

    /// <summary>The infarct statements (PTB-XL's diagnostic class MI, without the subendocardial injury statements): their code depends on the stadium.</summary>
    public static readonly IReadOnlySet<string> InfarctStatements =
        Table.Where(m => m.Basis == InfarctBasis).Select(m => m.Statement).ToHashSet(StringComparer.Ordinal);

    private static readonly Dictionary<string, ScpIcd10Mapping> ByStatement = Table.ToDictionary(m => m.Statement, StringComparer.Ordinal);

    /// <summary>The mapping of <paramref name="statement"/>, or null for a statement the table does not know.</summary>
    public static ScpIcd10Mapping? Of(string statement) => ByStatement.GetValueOrDefault(statement);

    /// <summary>
    /// A record's ICD-10-CM codes (undotted, first-seen order, no repeats) from its statements and its infarction stadia
    /// (infarction_stadium1 and 2; either may be null).
    /// </summary>
    public static IReadOnlyList<string> Map(IEnumerable<string> statements, string? stadium1 = null, string? stadium2 = null)
    {
        ArgumentNullException.ThrowIfNull(statements);
        string? infarct = InfarctCode(stadium1, stadium2);
        var codes = new List<string>();
        foreach (string s in statements)
        {
            string? code = InfarctStatements.Contains(s) ? infarct : Of(s)?.Code;
            if (code is not null && !codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        return codes;
    }

    /// <summary>I21.9, I25.2 or none from PTB-XL's stadia ("Stadium I", "Stadium I-II", "Stadium II", "Stadium II-III", "Stadium III", "unknown").</summary>
    public static string? InfarctCode(string? stadium1, string? stadium2)
    {
        string?[] stages = [Stage(stadium1), Stage(stadium2)];
        // An old infarct and a new one can both be present (stadium1 and 2 describe two infarcts): the first stadium names the statement's.
        return stages[0] ?? stages[1];
    }

    private static string? Stage(string? stadium) => stadium?.Trim() switch
    {
        "Stadium I" or "Stadium I-II" or "Stadium II" => AcuteInfarct,
        "Stadium III" => OldInfarct,
        _ => null,
    };
}

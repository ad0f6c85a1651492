using System.Text.Json;
using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>
/// The small JSON file beside an npy dataset's arrays (<see cref="FileName"/>) that says what the arrays are; every field
/// optional: <c>{"rate": 100, "leads": ["I", "II", ...], "layout": "time-leads", "unit": "standardised", "csv": "records.csv"}</c>.
/// A misspelt field or value is an error naming the file, never a silent default.
/// </summary>
public sealed record NpySidecar
{
    /// <summary>The sidecar's name in the dataset folder.</summary>
    public const string FileName = "lamae-npy.json";

    /// <summary>The record table's default name.</summary>
    public const string DefaultCsv = "records.csv";

    /// <summary>Spelling of <see cref="NpyLayout.TimeLeads"/>.</summary>
    public const string TimeLeads = "time-leads";

    /// <summary>Spelling of <see cref="NpyLayout.LeadsTime"/>.</summary>
    public const string LeadsTime = "leads-time";

    /// <summary>Spelling of <see cref="EcgUnit.Millivolts"/>.</summary>
    public const string Millivolts = "mV";

    /// <summary>Spelling of <see cref="EcgUnit.Standardised"/>.</summary>
    public const string Standardised = "standardised";

    private static readonly string[] Fields = ["rate", "leads", "layout", "unit", "csv"];

    /// <summary>Sampling rate (Hz).</summary>
    public double? Rate { get; init; }

    /// <summary>Lead names in array order; null: the 12 standard leads I, II, III, aVR, aVL, aVF, V1-V6.</summary>
    public IReadOnlyList<Lead>? Leads { get; init; }

    /// <summary>Which axis is time; null: inferred from the lead count.</summary>
    public NpyLayout? Layout { get; init; }

    /// <summary>What the values measure; null: mV.</summary>
    public EcgUnit? Unit { get; init; }

    /// <summary>The record table's file name, relative to the folder; null: <see cref="DefaultCsv"/>.</summary>
    public string? Csv { get; init; }

    /// <summary>The layout a name spells ("time-leads", "leads-time"), or null.</summary>
    public static NpyLayout? ParseLayout(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        TimeLeads => NpyLayout.TimeLeads,
        LeadsTime => NpyLayout.LeadsTime,
        _ => null,
    };

    /// <summary>The unit a name spells ("mV", "standardised", also "standardized"), or null.</summary>
    public static EcgUnit? ParseUnit(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "mv" => EcgUnit.Millivolts,
        Standardised or "standardized" => EcgUnit.Standardised,
        _ => null,
    };

    /// <summary>The spelling of <paramref name="unit"/> in the sidecar and on the command line.</summary>
    public static string NameOf(EcgUnit unit) => unit == EcgUnit.Standardised ? Standardised : Millivolts;

    /// <summary>The spelling of <paramref name="layout"/> in the sidecar and on the command line.</summary>
    public static string NameOf(NpyLayout layout) => layout == NpyLayout.LeadsTime ? LeadsTime : TimeLeads;

    /// <summary>Reads the sidecar at <paramref name="path"/>; an empty sidecar (all defaults) when there is no such file.</summary>
    public static NpySidecar Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return new NpySidecar();
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, "expected a JSON object such as {\"rate\": 100, \"unit\": \"mV\"}");
            }

            var sidecar = new NpySidecar();
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                sidecar = p.Name switch
                {
                    "rate" => sidecar with { Rate = RateOf(path, p.Value) },
                    "leads" => sidecar with { Leads = LeadList(path, p.Value) },
                    "layout" => sidecar with { Layout = ParseLayout(Text(path, p)) ?? throw Error(path, $"\"layout\": '{p.Value}' is not {TimeLeads} or {LeadsTime}") },
                    "unit" => sidecar with { Unit = ParseUnit(Text(path, p)) ?? throw Error(path, $"\"unit\": '{p.Value}' is not {Millivolts} or {Standardised}") },
                    "csv" => sidecar with { Csv = Text(path, p) },
                    _ => throw Error(path, $"unknown field \"{p.Name}\"; the fields are {string.Join(", ", Fields)}"),
                };
            }

            return sidecar;
        }
        catch (JsonException ex)
        {
            throw Error(path, $"not valid JSON ({ex.Message.ReplaceLineEndings(" ")})");
        }
        catch (IOException ex)
        {
            throw Error(path, $"cannot be read ({ex.Message})");
        }
    }

    private static DatasetException Error(string path, string problem) => new($"{path}: {problem}");

    private static string Text(string path, JsonProperty p) => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s
        ? s
        : throw Error(path, $"\"{p.Name}\" must be a non-empty string");

    private static double RateOf(string path, JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.GetDouble() is var hz && hz > 0 && double.IsFinite(hz)
            ? hz
            : throw Error(path, $"\"rate\": {e.GetRawText()} is not a positive number of Hz");

    private static Lead[] LeadList(string path, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0)
        {
            throw Error(path, "\"leads\" must be a non-empty list of lead names such as [\"I\", \"II\", \"V1\"]");
        }

        var leads = new List<Lead>();
        foreach (JsonElement item in e.EnumerateArray())
        {
            string? name = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            Lead lead = Core.Leads.Parse(name) ?? throw Error(path, $"\"leads\": {item.GetRawText()} is not one of the 12 standard leads ({string.Join(", ", Core.Leads.Names)})");
            if (leads.Contains(lead))
            {
                throw Error(path, $"\"leads\": {lead.Name()} is named twice");
            }

            leads.Add(lead);
        }

        return [.. leads];
    }
}

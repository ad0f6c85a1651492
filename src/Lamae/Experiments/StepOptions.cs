using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Lamae.Experiments;

/// <summary>
/// Turns a config's options object into command-line arguments: "epochs": 5 is --epochs 5, "resume": true is --resume,
/// an array repeats the option, and ${name} in a string is the root of that name. Options the experiment sets itself
/// (the folders it wires together) are refused, naming where they were given.
/// </summary>
public static partial class StepOptions
{
    /// <summary>Options an experiment sets for every stage; a config cannot give them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "out", "cache", "run", "embeddings", "fit-cache", "probe", "runs", "reconstruction", "resume", "threads", "json", "device", "finetuned",
    };

    /// <summary>The arguments of <paramref name="options"/> (an object or absent); <paramref name="where"/> names it in errors.</summary>
    public static IReadOnlyList<string> ToArguments(JsonElement? options, IReadOnlyDictionary<string, string> roots, string where)
    {
        var args = new List<string>();
        if (options is not { } o || o.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return args;
        }

        if (o.ValueKind != JsonValueKind.Object)
        {
            throw new LamaeException($"{where}: \"options\" must be an object of option names and values");
        }

        foreach (JsonProperty p in o.EnumerateObject())
        {
            string name = p.Name.TrimStart('-');
            if (Reserved.Contains(name))
            {
                throw new LamaeException($"{where}: option '{name}' is set by the experiment itself; leave it out");
            }

            IEnumerable<JsonElement> values = p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray() : [p.Value];
            foreach (JsonElement v in values)
            {
                switch (v.ValueKind)
                {
                    case JsonValueKind.True:
                        args.Add("--" + name);
                        break;
                    case JsonValueKind.False:
                        break;
                    case JsonValueKind.Number:
                        args.Add("--" + name);
                        args.Add(v.GetRawText());
                        break;
                    case JsonValueKind.String:
                        args.Add("--" + name);
                        args.Add(Substitute(v.GetString()!, roots, $"{where}: option '{name}'"));
                        break;
                    default:
                        throw new LamaeException($"{where}: option '{name}': {v.ValueKind} is not a value (use a string, a number, true, or an array of them)");
                }
            }
        }

        return args;
    }

    /// <summary>The value of option <paramref name="name"/> in <paramref name="options"/> as text, or null when absent.</summary>
    public static string? Value(JsonElement? options, string name)
    {
        if (options is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out JsonElement v))
        {
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                _ => null,
            };
        }

        return null;
    }

    /// <summary>A number option, or <paramref name="fallback"/>.</summary>
    public static double Number(JsonElement? options, string name, double fallback) =>
        Value(options, name) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : fallback;

    /// <summary>Replaces every ${name} with its root; an unknown name is one line naming it and the roots there are.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> roots, string where) =>
        Reference().Replace(text, m => roots.TryGetValue(m.Groups[1].Value, out string? root) ? root
            : throw new LamaeException($"{where}: ${{{m.Groups[1].Value}}} is not one of the config's roots ({(roots.Count == 0 ? "it has none" : string.Join(", ", roots.Keys))})"));

    [GeneratedRegex(@"\$\{([A-Za-z0-9_-]+)\}")]
    private static partial Regex Reference();
}

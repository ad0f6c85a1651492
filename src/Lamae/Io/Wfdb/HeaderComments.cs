using System.Globalization;
using System.Text.RegularExpressions;
using Lamae.Core;

namespace Lamae.Io.Wfdb;

/// <summary>
/// Metadata written in header comments: CinC's "# Age: 53", PTB's "# age: 81", wfdb test records'
/// "# &lt;age&gt;: 25 &lt;sex&gt;: M", MIMIC's and PTB-XL's key-value lines. Keys are kept as written.
/// </summary>
public static partial class HeaderComments
{
    /// <summary>Parses "key: value" and "&lt;key&gt;: value" pairs from comment lines (first occurrence of a key wins).</summary>
    public static IReadOnlyDictionary<string, string> ParseFields(IEnumerable<string> comments)
    {
        ArgumentNullException.ThrowIfNull(comments);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string comment in comments)
        {
            MatchCollection angle = AngleFields().Matches(comment);
            if (angle.Count > 0)
            {
                foreach (Match m in angle)
                {
                    fields.TryAdd(m.Groups[1].Value.Trim(), m.Groups[2].Value.Trim());
                }

                continue;
            }

            int colon = comment.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && colon <= 48)
            {
                fields.TryAdd(comment[..colon].Trim(), comment[(colon + 1)..].Trim());
            }
        }

        return fields;
    }

    /// <summary>Age in years from an "Age" field, or null ("NaN", "?", missing).</summary>
    public static double? Age(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.TryGetValue("Age", out string? text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double age)
            && double.IsFinite(age) && age is >= 0 and < 150 ? age : null;
    }

    /// <summary>Sex from a "Sex" field.</summary>
    public static Sex Sex(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.TryGetValue("Sex", out string? text) ? EcgMetadata.ParseSex(text) : Core.Sex.Unknown;
    }

    [GeneratedRegex(@"<([^>]+)>:\s*(.*?)(?=\s*<[^>]+>:|$)")]
    private static partial Regex AngleFields();
}

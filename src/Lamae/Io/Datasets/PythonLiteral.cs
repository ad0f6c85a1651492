using System.Globalization;
using System.Text;

namespace Lamae.Io.Datasets;

/// <summary>
/// The two Python literal shapes dataset tables store in CSV cells (written by pandas from Python objects):
/// PTB-XL's <c>{'NORM': 100.0, 'LVOLT': 0.0}</c> (str to number) and MIMIC-IV-ECG-Ext-ICD's <c>['I10', 'E785']</c>
/// (list of str). Only these shapes are accepted; anything else is a <see cref="FormatException"/> saying where it broke.
/// </summary>
public static class PythonLiteral
{
    /// <summary>Parses a dict of string keys to numbers (int, float, nan); keys keep their order, a repeated key keeps its last value as Python does.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> ParseStringToNumberDict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new Cursor(text);
        var result = new List<KeyValuePair<string, double>>();
        p.Expect('{');
        if (!p.TryTake('}'))
        {
            do
            {
                string key = p.String();
                p.Expect(':');
                double value = p.Number();
                int at = result.FindIndex(kv => kv.Key == key);
                if (at >= 0)
                {
                    result[at] = new(key, value);
                }
                else
                {
                    result.Add(new(key, value));
                }
            }
            while (p.TryTake(',') && !p.Peek('}'));
            p.Expect('}');
        }

        p.End();
        return result;
    }

    /// <summary>Parses a list (or tuple) of strings; order kept.</summary>
    public static IReadOnlyList<string> ParseStringList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new Cursor(text);
        char close = p.Peek('(') ? ')' : ']';
        p.Expect(close == ')' ? '(' : '[');
        var result = new List<string>();
        if (!p.TryTake(close))
        {
            do
            {
                result.Add(p.String());
            }
            while (p.TryTake(',') && !p.Peek(close));
            p.Expect(close);
        }

        p.End();
        return result;
    }

    private sealed class Cursor(string text)
    {
        private int pos;

        public bool Peek(char c)
        {
            SkipSpace();
            return pos < text.Length && text[pos] == c;
        }

        public bool TryTake(char c)
        {
            if (!Peek(c))
            {
                return false;
            }

            pos++;
            return true;
        }

        public void Expect(char c)
        {
            if (!TryTake(c))
            {
                throw Error($"expected '{c}'");
            }
        }

        public void End()
        {
            SkipSpace();
            if (pos < text.Length)
            {
                throw Error("unexpected text after the closing bracket");
            }
        }

        public string String()
        {
            SkipSpace();
            if (pos >= text.Length || (text[pos] != '\'' && text[pos] != '"'))
            {
                throw Error("expected a quoted string");
            }

            char quote = text[pos++];
            var sb = new StringBuilder();
            while (pos < text.Length && text[pos] != quote)
            {
                if (text[pos] == '\\' && pos + 1 < text.Length)
                {
                    pos++;
                }

                sb.Append(text[pos++]);
            }

            if (pos >= text.Length)
            {
                throw Error("unterminated string");
            }

            pos++;
            return sb.ToString();
        }

        public double Number()
        {
            SkipSpace();
            int start = pos;
            while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '.' or '-' or '+'))
            {
                pos++;
            }

            string token = text[start..pos];
            if (token == "nan")
            {
                return double.NaN;
            }

            if (token.Length == 0 || !char.IsAsciiDigit(token[^1]) && token[^1] != '.'
                || !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                pos = start;
                throw Error("expected a number");
            }

            return v;
        }

        private void SkipSpace()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
        }

        private FormatException Error(string what) =>
            new($"{what} at character {pos + 1} of {Show(text)}");

        private static string Show(string s) => s.Length <= 80 ? $"\"{s}\"" : $"\"{s[..77]}...\"";
    }
}

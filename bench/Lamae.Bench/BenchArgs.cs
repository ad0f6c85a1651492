using System.Globalization;
using System.Numerics;

namespace Lamae.Bench;

/// <summary>The key=value arguments of the bench's runs ("batch=64 precision=bf16"), with defaults.</summary>
internal sealed class BenchArgs(IEnumerable<string> args)
{
    private readonly Dictionary<string, string> values = args.Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : "");

    /// <summary>The value of <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
    public string Get(string key, string fallback) => values.TryGetValue(key, out string? v) ? v : fallback;

    /// <summary>The integer value of <paramref name="key"/>, or <paramref name="fallback"/>.</summary>
    public int Int(string key, int fallback) => Number(key, fallback, NumberStyles.Integer, "not a whole number");

    /// <summary>The number value of <paramref name="key"/> ("1e-3"), or <paramref name="fallback"/>.</summary>
    public double Double(string key, double fallback) => Number(key, fallback, NumberStyles.Float, "not a number");

    /// <summary>Whether <paramref name="key"/> was given.</summary>
    public bool Has(string key) => values.ContainsKey(key);

    private T Number<T>(string key, T fallback, NumberStyles style, string expected) where T : INumberBase<T>
    {
        if (!values.TryGetValue(key, out string? v))
        {
            return fallback;
        }

        return T.TryParse(v, style, CultureInfo.InvariantCulture, out T? n) ? n : throw new ArgumentException($"{key}={v}: {expected}");
    }
}

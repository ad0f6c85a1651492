using System.Text.Json;

namespace Lamae.Tests.Signal;

/// <summary>
/// The SciPy reference values embedded from Reference/signal_reference.json, made by
/// tests/reference/signal_reference.py (SciPy 1.10.1, NumPy 1.24.2 on Debian 12); see that script for how.
/// </summary>
internal static class SciPyReference
{
    private const string ResourceName = "Lamae.Tests.Signal.Reference.signal_reference.json";

    private static readonly Lazy<JsonElement> Root = new(Load);

    public static IReadOnlyList<ButterCase> Butter { get; } = Root.Value.GetProperty("butter").EnumerateArray().Select(e => new ButterCase(
        e.GetProperty("order").GetInt32(),
        e.GetProperty("btype").GetString()!,
        Doubles(e.GetProperty("wn")),
        e.GetProperty("fs").GetDouble(),
        Doubles(e.GetProperty("sos")),
        e.GetProperty("input").GetString()!,
        Doubles(e.GetProperty("filtfilt")))).ToArray();

    public static IReadOnlyList<ResampleCase> Resample { get; } = Root.Value.GetProperty("resample").EnumerateArray().Select(e => new ResampleCase(
        e.GetProperty("from").GetInt32(),
        e.GetProperty("to").GetInt32(),
        e.GetProperty("input").GetString()!,
        Doubles(e.GetProperty("output")))).ToArray();

    public static double[] Input(string name) => Doubles(Root.Value.GetProperty("inputs").GetProperty(name));

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static JsonElement Load()
    {
        using Stream stream = typeof(SciPyReference).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing; see tests/Lamae.Tests/Lamae.Tests.csproj");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }

    /// <summary>One <c>butter(order, wn, btype, fs=fs, output='sos')</c> design and <c>sosfiltfilt</c> of the named input with it.</summary>
    internal sealed record ButterCase(int Order, string BType, double[] Wn, double Fs, double[] Sos, string Input, double[] FiltFilt)
    {
        public override string ToString() => $"{BType} order {Order} [{string.Join(", ", Wn)}] Hz at {Fs} Hz on '{Input}'";
    }

    /// <summary>One <c>resample_poly(input, up=to, down=from)</c>.</summary>
    internal sealed record ResampleCase(int From, int To, string Input, double[] Output)
    {
        public override string ToString() => $"{From} Hz -> {To} Hz on '{Input}'";
    }
}

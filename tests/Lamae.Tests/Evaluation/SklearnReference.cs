using System.Globalization;
using System.Text.Json;
using Lamae.Evaluation;

namespace Lamae.Tests.Evaluation;

/// <summary>
/// The scikit-learn reference values embedded from Reference/evaluation_reference.json, made by
/// tests/reference/evaluation_reference.py (scikit-learn 1.2.1, NumPy 1.24.2 on Debian 12); see that script for how.
/// </summary>
internal static class SklearnReference
{
    private const string ResourceName = "Lamae.Tests.Evaluation.Reference.evaluation_reference.json";

    private static readonly Lazy<JsonElement> Root = new(Load);

    public static IReadOnlyList<GeneratorCase> Generator { get; } = Root.Value.GetProperty("generator").EnumerateArray().Select(e => new GeneratorCase(
        e.GetProperty("seed").GetInt32(),
        e.GetProperty("outputs").EnumerateArray().Select(o => ulong.Parse(o.GetString()!, CultureInfo.InvariantCulture)).ToArray(),
        e.GetProperty("n").GetInt32(),
        Ints(e.GetProperty("indices")))).ToArray();

    public static IReadOnlyList<MetricCase> Metrics { get; } = Root.Value.GetProperty("metrics").EnumerateArray().Select(e => new MetricCase(
        e.GetProperty("name").GetString()!,
        Doubles(e.GetProperty("scores")),
        Bools(e.GetProperty("labels")),
        e.GetProperty("auroc").GetDouble(),
        e.GetProperty("average_precision").GetDouble())).ToArray();

    public static BootstrapCase Bootstrap { get; } = LoadBootstrap(Root.Value.GetProperty("bootstrap"));

    private static BootstrapCase LoadBootstrap(JsonElement e)
    {
        string[] codes = e.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        double[][] Scores(string name) => codes.Select(c => Doubles(e.GetProperty(name).GetProperty(c))).ToArray();
        return new BootstrapCase(
            e.GetProperty("seed").GetInt32(),
            e.GetProperty("resamples").GetInt32(),
            e.GetProperty("patient_ids").EnumerateArray().Select(p => p.GetString()!).ToArray(),
            new CodeLabels(codes, codes.Select(c => Bools(e.GetProperty("labels").GetProperty(c))).ToArray()),
            Scores("scores_a"),
            Scores("scores_b"),
            e.GetProperty("drawn_patients").EnumerateArray().Select(Ints).ToArray(),
            e.GetProperty("results").EnumerateArray().Select(r => new BootstrapTarget(
                r.GetProperty("metric").GetString() switch
                {
                    "auroc" => BinaryMetric.Auroc,
                    "average_precision" => BinaryMetric.AveragePrecision,
                    string other => throw new InvalidDataException($"unknown metric {other} in {ResourceName}"),
                    null => throw new InvalidDataException($"a result without a metric in {ResourceName}"),
                },
                r.GetProperty("target").GetString()!,
                r.GetProperty("codes").EnumerateArray().Select(c => c.GetString()!).ToArray(),
                r.GetProperty("value_a").GetDouble(),
                r.GetProperty("value_b").GetDouble(),
                r.GetProperty("difference").GetDouble(),
                Optional(r.GetProperty("replicates_a")),
                Optional(r.GetProperty("replicates_b")),
                r.GetProperty("skipped").GetInt32(),
                Doubles(r.GetProperty("interval_a")),
                Doubles(r.GetProperty("interval_b")),
                Doubles(r.GetProperty("difference_interval")),
                r.GetProperty("p_value").GetDouble())).ToArray());
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double?[] Optional(JsonElement array) =>
        array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()).ToArray();

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    private static bool[] Bools(JsonElement array) => array.EnumerateArray().Select(v => v.GetInt32() switch
    {
        0 => false,
        1 => true,
        int other => throw new InvalidDataException($"label {other} in {ResourceName}; labels are 0 or 1"),
    }).ToArray();

    private static JsonElement Load()
    {
        using Stream stream = typeof(SklearnReference).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing; see tests/Lamae.Tests/Lamae.Tests.csproj");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }

    /// <summary>The first SplitMix64 outputs for a seed, and the first index draws in [0, n).</summary>
    internal sealed record GeneratorCase(int Seed, ulong[] Outputs, int N, int[] Indices)
    {
        public override string ToString() => $"seed {Seed}";
    }

    /// <summary><c>roc_auc_score</c> and <c>average_precision_score</c> of one named case.</summary>
    internal sealed record MetricCase(string Name, double[] Scores, bool[] Labels, double Auroc, double AveragePrecision)
    {
        public override string ToString() => $"{Name} ({Scores.Length} records)";
    }

    /// <summary>The grouped problem: records' patients, 4 codes, models A and B, and the resamples the script drew.</summary>
    internal sealed record BootstrapCase(
        int Seed, int Resamples, string[] PatientIds, CodeLabels Labels, double[][] ScoresA, double[][] ScoresB, int[][] DrawnPatients,
        BootstrapTarget[] Results)
    {
        /// <summary>The scores of <paramref name="codes"/> only, in that order.</summary>
        public double[][] Select(double[][] scores, string[] codes) => codes.Select(c => scores[Index(c)]).ToArray();

        /// <summary>The labels of <paramref name="codes"/> only, in that order.</summary>
        public CodeLabels Select(string[] codes) => new(codes, codes.Select(c => Labels.Labels[Index(c)]).ToArray());

        private int Index(string code) => Labels.Codes.ToList().IndexOf(code);
    }

    /// <summary>One metric of one code (or the macro over <see cref="Codes"/>), for A, B and A - B.</summary>
    internal sealed record BootstrapTarget(
        BinaryMetric Metric, string Target, string[] Codes, double ValueA, double ValueB, double Difference,
        double?[] ReplicatesA, double?[] ReplicatesB, int Skipped, double[] IntervalA, double[] IntervalB, double[] DifferenceInterval, double PValue)
    {
        public override string ToString() => $"{Metric} of {Target}";
    }
}

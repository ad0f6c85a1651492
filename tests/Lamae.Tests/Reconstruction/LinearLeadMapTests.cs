using System.Reflection;
using System.Text.Json;
using Lamae.Core;
using Lamae.Reconstruction;
using static TorchSharp.torch;

namespace Lamae.Tests.Reconstruction;

/// <summary>
/// The linear baseline against NumPy's least squares: Reference/linear_lead_map_reference.json, made once by
/// tests/reference/linear_lead_map_reference.py (NumPy 1.24.2 on Debian 12; see that script for the fixture).
/// </summary>
public sealed class LinearLeadMapTests
{
    // lstsq (SVD of the stacked samples) and Cholesky of the float64 normal equations agree to rounding on this
    // well-conditioned fixture; float32 predictions to a few float32 ulps of values near 1.
    private const double CoefficientTolerance = 1e-9;
    private const float PredictionTolerance = 1e-5f;

    private static readonly Lazy<JsonElement> Reference = new(() =>
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Lamae.Tests.Reconstruction.Reference.linear_lead_map_reference.json")!;
        return JsonDocument.Parse(stream).RootElement.Clone();
    });

    public static TheoryData<int> Sets => [0, 1, 2];

    [Theory]
    [MemberData(nameof(Sets))]
    public void Coefficients_and_predictions_match_numpy_least_squares(int index)
    {
        JsonElement root = Reference.Value;
        JsonElement expected = root.GetProperty("sets")[index];
        int t = root.GetProperty("samples").GetInt32();
        var set = new KeptLeadSet(expected.GetProperty("kept").EnumerateArray().Select(e => Leads.Parse(e.GetString())!.Value));
        float[] train = Floats(root.GetProperty("train").GetProperty("signals"));
        bool[] present = root.GetProperty("train").GetProperty("present").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(e => e.GetBoolean())).ToArray();
        int records = present.Length / Leads.Count;

        var fitter = new LinearLeadMapFitter(set);
        using (var scope = NewDisposeScope())
        {
            // Two batches, so that sums over batches are exercised too.
            Tensor signals = tensor(train, [records, Leads.Count, t]);
            Tensor mask = tensor(present, [records, Leads.Count]);
            fitter.Add(signals.narrow(0, 0, 2), mask.narrow(0, 0, 2));
            fitter.Add(signals.narrow(0, 2, records - 2), mask.narrow(0, 2, records - 2));
        }

        LinearLeadMap map = fitter.Solve();

        Assert.Equal(expected.GetProperty("training_records").GetInt32(), map.TrainingRecords);
        JsonElement[] targets = expected.GetProperty("targets").EnumerateArray().ToArray();
        Assert.Equal(targets.Select(e => e.GetProperty("lead").GetString()), map.Targets.Select(r => r.Lead));
        foreach ((JsonElement e, LeadRegression r) in targets.Zip(map.Targets))
        {
            double[] weights = e.GetProperty("weights").EnumerateArray().Select(w => w.GetDouble()).ToArray();
            Assert.All(weights.Zip(r.Weights), p => Assert.Equal(p.First, p.Second, CoefficientTolerance));
            Assert.Equal(e.GetProperty("intercept").GetDouble(), r.Intercept, CoefficientTolerance);
            Assert.Equal(e.GetProperty("records").GetInt32(), r.Records);
            Assert.Equal(e.GetProperty("samples").GetInt64(), r.Samples);
        }

        float[] predicted = map.Predict(Floats(root.GetProperty("held")), t);
        float[] reference = Floats(expected.GetProperty("predictions"));
        Assert.All(reference.Zip(predicted), p => Assert.Equal(p.First, p.Second, PredictionTolerance));
        float[] held = Floats(root.GetProperty("held"));
        foreach (Lead kept in set.Kept)
        {
            Assert.Equal(held.AsSpan((int)kept * t, t).ToArray(), predicted.AsSpan((int)kept * t, t).ToArray());   // copied exactly
        }
    }

    [Fact]
    public void Collinear_kept_leads_or_a_lead_no_training_ecg_has_fail_with_one_line_naming_the_set()
    {
        using var scope = NewDisposeScope();
        Tensor signals = randn(3, Leads.Count, 50);
        signals[.., 1] = signals[.., 0] * 2;   // II = 2 I in every ECG
        Tensor present = ones(3, Leads.Count, dtype: ScalarType.Bool);
        var collinear = new LinearLeadMapFitter(new KeptLeadSet([Lead.I, Lead.II]));
        collinear.Add(signals, present);
        present[.., (int)Lead.V6] = false;
        var noV6 = new LinearLeadMapFitter(new KeptLeadSet([Lead.I]));
        noV6.Add(signals, present);

        var a = Assert.Throws<LamaeException>(collinear.Solve);
        var b = Assert.Throws<LamaeException>(noV6.Solve);

        Assert.Contains("from I,II", a.Message, StringComparison.Ordinal);
        Assert.Contains("collinear", a.Message, StringComparison.Ordinal);
        Assert.Contains("I and V6", b.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', a.Message + b.Message);
    }

    private static float[] Floats(JsonElement nested) => nested.ValueKind == JsonValueKind.Array
        ? nested.EnumerateArray().SelectMany(Floats).ToArray()
        : [(float)nested.GetDouble()];
}

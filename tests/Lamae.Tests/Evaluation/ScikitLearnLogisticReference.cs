using System.Text.Json;
using Lamae.Evaluation;
using static TorchSharp.torch;

namespace Lamae.Tests.Evaluation;

/// <summary>
/// The scikit-learn reference values embedded from Reference/logistic_reference.json, made by
/// tests/reference/logistic_reference.py (scikit-learn 1.2.1, NumPy 1.24.2, SciPy 1.10.1 on Debian 12); see that
/// script for how.
/// </summary>
internal static class ScikitLearnLogisticReference
{
    private const string ResourceName = "Lamae.Tests.Evaluation.Reference.logistic_reference.json";

    private static readonly Lazy<JsonElement> Root = new(Load);

    public static IReadOnlyList<Dataset> Datasets { get; } = Root.Value.GetProperty("datasets").EnumerateArray().Select(e => new Dataset(
        e.GetProperty("name").GetString()!,
        Matrix(e.GetProperty("x_train")),
        Matrix(e.GetProperty("y_train")),
        Matrix(e.GetProperty("x_held")),
        Matrix(e.GetProperty("y_held")),
        Doubles(e.GetProperty("standardiser").GetProperty("mean")),
        Doubles(e.GetProperty("standardiser").GetProperty("scale")),
        e.GetProperty("fits").EnumerateArray().Select(f => new FitCase(
            f.GetProperty("c").GetDouble(),
            Weight(f.GetProperty("class_weight")),
            Matrix(f.GetProperty("coef")),
            Doubles(f.GetProperty("intercept")),
            Matrix(f.GetProperty("proba_held")))).ToArray(),
        e.GetProperty("selection").GetProperty("grid").EnumerateArray().Select(g => new ProbeGridPoint(
            g.GetProperty("c").GetDouble(), Weight(g.GetProperty("class_weight")))).ToArray(),
        Matrix(e.GetProperty("selection").GetProperty("log_loss")),
        e.GetProperty("selection").GetProperty("chosen").EnumerateArray().Select(ch => new Choice(
            ch.GetProperty("c").GetDouble(), Weight(ch.GetProperty("class_weight")), ch.GetProperty("log_loss").GetDouble())).ToArray())).ToArray();

    public static Tensor Rows(double[][] rows, ScalarType dtype = ScalarType.Float64) =>
        tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length], float64).to(dtype);

    private static ClassWeight Weight(JsonElement e) => e.GetString() switch
    {
        "none" => ClassWeight.None,
        "balanced" => ClassWeight.Balanced,
        var other => throw new InvalidOperationException($"unknown class_weight '{other}' in the reference"),
    };

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double[][] Matrix(JsonElement array) => array.EnumerateArray().Select(Doubles).ToArray();

    private static JsonElement Load()
    {
        using Stream stream = typeof(ScikitLearnLogisticReference).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing; see tests/Lamae.Tests/Lamae.Tests.csproj");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// One problem: training rows [N, D] (features rounded to float32) and labels [N, 3], held-out (validation) rows
    /// [M, D] and labels [M, 3], the scaler fitted on the training rows, the fits, and the selection: the grid, the
    /// mean validation log-loss [grid points, codes] and the choice per code.
    /// </summary>
    internal sealed record Dataset(
        string Name,
        double[][] XTrain,
        double[][] YTrain,
        double[][] XHeld,
        double[][] YHeld,
        double[] Mean,
        double[] Scale,
        FitCase[] Fits,
        ProbeGridPoint[] Grid,
        double[][] GridLogLoss,
        Choice[] Chosen)
    {
        public override string ToString() => Name;
    }

    /// <summary>The optimum per code at one (C, class weight): coef [codes][D], intercept [codes], proba on the held-out rows [codes][M].</summary>
    internal sealed record FitCase(double C, ClassWeight ClassWeight, double[][] Coef, double[] Intercept, double[][] ProbaHeld);

    /// <summary>One code's choice on validation.</summary>
    internal sealed record Choice(double C, ClassWeight ClassWeight, double LogLoss);
}

using Lamae.Evaluation;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Reference = Lamae.Tests.Evaluation.ScikitLearnLogisticReference;

namespace Lamae.Tests.Evaluation;

// Reference values: tests/reference/logistic_reference.py (scikit-learn 1.2.1 LogisticRegression), embedded JSON.
public sealed class LogisticRegressionTests(ITestOutputHelper output)
{
    /// <summary>Coefficients, intercepts and probabilities agree with scikit-learn's optimum to this (absolute).</summary>
    private const double Tolerance = 1e-6;

    public static TheoryData<int, int> FitCases()
    {
        var data = new TheoryData<int, int>();
        for (int i = 0; i < Reference.Datasets.Count; i++)
        {
            for (int j = 0; j < Reference.Datasets[i].Fits.Length; j++)
            {
                data.Add(i, j);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FitCases))]
    public void Coefficients_intercepts_and_probabilities_equal_scikit_learns(int dataset, int fit)
    {
        Reference.Dataset data = Reference.Datasets[dataset];
        Reference.FitCase expected = data.Fits[fit];
        using var scope = NewDisposeScope();
        (Tensor train, Tensor held) = Standardised(data);

        LogisticFit result = LogisticRegression.Fit(train, Reference.Rows(data.YTrain), expected.C, expected.ClassWeight);

        Differences d = Compare(result, held, expected, [0, 1, 2]);
        output.WriteLine($"{data} C={expected.C} {expected.ClassWeight}: {d}, {result.Evaluations} evaluations, gradient {result.Codes.Max(c => c.Gradient):E1}");
        Assert.True(result.Converged, $"gradient {result.Codes.Max(c => c.Gradient):E2}");
        d.AssertWithin(Tolerance);
    }

    [Fact]
    public void Each_code_gets_its_own_C_and_class_weight_in_one_fit()
    {
        Reference.Dataset data = Reference.Datasets.Single(d => d.Name == "wide");
        // Code k takes the reference fit at settings[k]: three C four decades apart, both weightings.
        Reference.FitCase[] settings =
        [
            data.Fits.Single(f => f.C == 100 && f.ClassWeight == ClassWeight.Balanced),
            data.Fits.Single(f => f.C == 1e-3 && f.ClassWeight == ClassWeight.None),
            data.Fits.Single(f => f.C == 1 && f.ClassWeight == ClassWeight.Balanced),
        ];
        using var scope = NewDisposeScope();
        (Tensor train, Tensor held) = Standardised(data);

        LogisticFit result = LogisticRegression.Fit(
            train, Reference.Rows(data.YTrain), settings.Select(s => s.C).ToArray(), settings.Select(s => s.ClassWeight).ToArray());

        Assert.True(result.Converged);
        Assert.Equal(settings.Select(s => s.C), result.Codes.Select(c => c.C));
        Assert.Equal(settings.Select(s => s.ClassWeight), result.Codes.Select(c => c.ClassWeight));
        for (int k = 0; k < settings.Length; k++)
        {
            Differences d = Compare(result, held, settings[k], [k]);
            output.WriteLine($"code {k} at C={settings[k].C} {settings[k].ClassWeight}: {d}");
            d.AssertWithin(Tolerance);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Codes_fitted_together_equal_codes_fitted_alone(int seed)
    {
        // Random problems with codes of different C, weighting and prevalence: one L-BFGS over all of them must not
        // couple their optima.
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        const int N = 80, D = 6;
        double[] c = [1e-3, 0.1, 10, 100];
        ClassWeight[] weights = [ClassWeight.Balanced, ClassWeight.None, ClassWeight.Balanced, ClassWeight.None];
        Tensor x = randn([N, D], ScalarType.Float64, generator: generator);
        Tensor score = x.mm(randn([D, c.Length], ScalarType.Float64, generator: generator)) + randn([N, c.Length], ScalarType.Float64, generator: generator);
        Tensor y = (score > tensor(new[] { 0.0, 1.0, 1.5, -0.5 }, ScalarType.Float64)).to(ScalarType.Float64);   // [N, 4]
        y[0] = ones(c.Length, ScalarType.Float64);
        y[1] = zeros(c.Length, ScalarType.Float64);

        LogisticFit together = LogisticRegression.Fit(x, y, c, weights);

        for (int k = 0; k < c.Length; k++)
        {
            LogisticCodeFit alone = LogisticRegression.Fit(x, y[.., k..(k + 1)], c[k], weights[k]).Codes[0];
            double gap = together.Codes[k].Coefficients.Append(together.Codes[k].Intercept)
                .Zip(alone.Coefficients.Append(alone.Intercept), (a, b) => Math.Abs(a - b)).Max();
            Assert.True(gap < 1e-7, $"seed {seed}, code {k} (C={c[k]}, {weights[k]}): together and alone differ by {gap:E2}");
        }
    }

    [Fact]
    public void Float32_features_give_the_float64_fit()
    {
        // The reference features are float32 values, so both inputs hold the same numbers.
        Reference.Dataset data = Reference.Datasets[0];
        using var scope = NewDisposeScope();
        var standardiser = new Standardiser(data.Mean, data.Scale);
        Tensor single = standardiser.Transform(Reference.Rows(data.XTrain, ScalarType.Float32)).to(ScalarType.Float32);
        Tensor labels = Reference.Rows(data.YTrain, ScalarType.Float32);

        LogisticFit fromSingle = LogisticRegression.Fit(single, labels, 1.0, ClassWeight.Balanced);
        LogisticFit fromDouble = LogisticRegression.Fit(single.to(ScalarType.Float64), labels.to(ScalarType.Float64), 1.0, ClassWeight.Balanced);

        Assert.Equal(fromDouble.Codes.SelectMany(c => c.Coefficients), fromSingle.Codes.SelectMany(c => c.Coefficients));
        Assert.Equal(fromDouble.Codes.Select(c => c.Intercept), fromSingle.Codes.Select(c => c.Intercept));
    }

    [Fact]
    public void A_separable_problem_with_small_C_converges_to_the_finite_penalised_optimum()
    {
        // Two separated clusters: without the penalty the weights would grow without bound.
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        const int N = 60, D = 4;
        const double C = 0.01;
        Tensor labels = (arange(N) % 2).to(ScalarType.Float64).unsqueeze(1);                               // [N, 1]
        Tensor x = randn([N, D], ScalarType.Float64, generator: generator) * 0.3 + (labels * 2 - 1) * 2;   // [N, D]

        LogisticFit fit = LogisticRegression.Fit(x, labels, C, ClassWeight.None);

        LogisticCodeFit code = fit.Codes[0];
        Assert.True(fit.Converged, $"gradient {code.Gradient:E2}");
        Assert.All(code.Coefficients, w => Assert.True(double.IsFinite(w)));
        // Optimality of 0.5 |w|^2 + C sum logloss, worked out here without TorchSharp: w = C sum (y - p) x and
        // sum (y - p) = 0.
        double[][] rows = Enumerable.Range(0, N).Select(i => x[i].data<double>().ToArray()).ToArray();
        double[] y = labels.squeeze(1).data<double>().ToArray();
        double[] residual = rows.Select((r, i) => y[i] - 1 / (1 + Math.Exp(-(r.Zip(code.Coefficients, (a, b) => a * b).Sum() + code.Intercept)))).ToArray();
        for (int j = 0; j < D; j++)
        {
            double stationarity = code.Coefficients[j] - C * rows.Select((r, i) => residual[i] * r[j]).Sum();
            Assert.True(Math.Abs(stationarity) < 1e-8, $"feature {j}: w - C X'(y - p) = {stationarity:E2}");
        }

        Assert.True(Math.Abs(residual.Sum()) < 1e-6, $"sum (y - p) = {residual.Sum():E2}");
    }

    [Fact]
    public void A_warm_start_reaches_the_same_optimum()
    {
        Reference.Dataset data = Reference.Datasets[0];
        using var scope = NewDisposeScope();
        (Tensor train, _) = Standardised(data);
        Tensor labels = Reference.Rows(data.YTrain);
        LogisticFit elsewhere = LogisticRegression.Fit(train, labels, 100.0, ClassWeight.Balanced);

        // A start far off, whose every prediction is certain.
        LogisticFit certain = elsewhere with { Codes = elsewhere.Codes.Select(c => c with { Coefficients = c.Coefficients.Select(w => w * 1000).ToArray() }).ToArray() };

        LogisticFit cold = LogisticRegression.Fit(train, labels, 100, ClassWeight.None);
        foreach (LogisticFit start in new[] { elsewhere, certain })
        {
            LogisticFit warm = LogisticRegression.Fit(train, labels, 100, ClassWeight.None, start: start);

            double gap = cold.Codes.SelectMany(c => c.Coefficients.Append(c.Intercept))
                .Zip(warm.Codes.SelectMany(c => c.Coefficients.Append(c.Intercept)), (a, b) => Math.Abs(a - b)).Max();
            output.WriteLine($"{warm.Evaluations} evaluations from a start {(start == certain ? "far off" : "nearby")}");
            Assert.True(warm.Converged);
            Assert.True(gap < 1e-7, $"cold and warm starts differ by {gap:E2}");
        }
    }

    [Fact]
    public void A_code_with_one_class_is_an_error_naming_it()
    {
        using var scope = NewDisposeScope();
        Tensor x = randn(10, 2, ScalarType.Float64);
        Tensor y = zeros(10, 3, ScalarType.Float64);
        y[.., 0] = (arange(10) % 2).to(ScalarType.Float64);
        y[.., 2] = ones(10, ScalarType.Float64);

        var e = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(x, y, 1.0, ClassWeight.None));

        Assert.Equal("y", e.ParamName);
        Assert.Contains("code(s) 1, 2 have a single class", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_other_than_0_and_1_are_an_error()
    {
        using var scope = NewDisposeScope();
        Tensor y = (arange(10) % 3).to(ScalarType.Float64).unsqueeze(1);

        var e = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(randn(10, 2, ScalarType.Float64), y, 1.0, ClassWeight.None));

        Assert.Contains("0 or 1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_C_that_is_not_positive_and_finite_is_an_error_naming_the_code(double c)
    {
        using var scope = NewDisposeScope();
        Tensor y = (arange(10) % 2).to(ScalarType.Float64).unsqueeze(1).repeat(1, 2);

        var e = Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(randn(10, 2, ScalarType.Float64), y, [1.0, c], [ClassWeight.None, ClassWeight.None]));

        Assert.Contains("code 1", e.Message, StringComparison.Ordinal);
    }

    internal static (Tensor Train, Tensor Held) Standardised(Reference.Dataset data)
    {
        var standardiser = new Standardiser(data.Mean, data.Scale);
        return (standardiser.Transform(Reference.Rows(data.XTrain)), standardiser.Transform(Reference.Rows(data.XHeld)));
    }

    private static Differences Compare(LogisticFit result, Tensor held, Reference.FitCase expected, int[] codes)
    {
        double[][] proba = Enumerable.Range(0, result.Codes.Count)
            .Select(k => result.PredictProbabilities(held)[.., k].data<double>().ToArray()).ToArray();
        return new Differences(
            codes.Max(k => MaxDifference(result.Codes[k].Coefficients, expected.Coef[k])),
            codes.Max(k => Math.Abs(result.Codes[k].Intercept - expected.Intercept[k])),
            codes.Max(k => MaxDifference(proba[k], expected.ProbaHeld[k])));
    }

    private static double MaxDifference(IEnumerable<double> actual, IEnumerable<double> expected) =>
        actual.Zip(expected, (a, e) => Math.Abs(a - e)).Max();

    /// <summary>Largest absolute differences from the reference.</summary>
    private sealed record Differences(double Coefficients, double Intercepts, double Probabilities)
    {
        public void AssertWithin(double tolerance)
        {
            Assert.True(Coefficients <= tolerance, $"coefficients differ by {Coefficients:E2}");
            Assert.True(Intercepts <= tolerance, $"intercepts differ by {Intercepts:E2}");
            Assert.True(Probabilities <= tolerance, $"probabilities differ by {Probabilities:E2}");
        }

        public override string ToString() => $"coef {Coefficients:E1}, intercept {Intercepts:E1}, proba {Probabilities:E1}";
    }
}

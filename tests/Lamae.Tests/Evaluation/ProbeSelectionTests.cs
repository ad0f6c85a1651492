using Lamae.Evaluation;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Reference = Lamae.Tests.Evaluation.ScikitLearnLogisticReference;

namespace Lamae.Tests.Evaluation;

// Reference values: tests/reference/logistic_reference.py (scikit-learn 1.2.1 StandardScaler + LogisticRegression,
// validation log-loss per grid point and the choice per code), embedded JSON.
public sealed class ProbeSelectionTests(ITestOutputHelper output)
{
    /// <summary>Validation log-losses agree with those of scikit-learn's optima to this (absolute).</summary>
    private const double Tolerance = 1e-6;

    public static TheoryData<int> Datasets() => new(Enumerable.Range(0, Reference.Datasets.Count));

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Validation_log_loss_and_the_choice_per_code_equal_scikit_learns(int dataset)
    {
        Reference.Dataset data = Reference.Datasets[dataset];
        using var scope = NewDisposeScope();

        ProbeSelectionResult result = Select(data, Reference.Rows(data.YTrain), Reference.Rows(data.YHeld));

        Assert.Equal(data.Grid, result.Grid);
        Assert.Empty(result.Skipped);
        Assert.Equal([0, 1, 2], result.FittedCodes);
        double worst = 0;
        for (int k = 0; k < result.Choices.Count; k++)
        {
            ProbeCodeChoice choice = result.Choices[k];
            worst = Math.Max(worst, choice.GridLogLoss.Select((l, g) => Math.Abs(l - data.GridLogLoss[g][k])).Max());
            Assert.Equal(new ProbeGridPoint(data.Chosen[k].C, data.Chosen[k].ClassWeight), choice.Setting);
            Assert.Equal(data.Chosen[k].LogLoss, choice.ValidationLogLoss, Tolerance);
            Assert.Equal(choice.Setting, new ProbeGridPoint(result.Model.Codes[k].C, result.Model.Codes[k].ClassWeight));
            Assert.True(result.Model.Codes[k].Converged);
        }

        output.WriteLine($"{data}: grid log-loss within {worst:E1}; chosen {string.Join("; ", result.Choices.Select(c => c.Setting))}; "
            + $"{result.Model.Evaluations} evaluations for {result.Grid.Count} grid points");
        Assert.True(worst <= Tolerance, $"validation log-loss differs by {worst:E2}");
    }

    [Fact]
    public void The_chosen_models_predict_the_validation_rows_as_scikit_learns_at_the_chosen_setting()
    {
        // The reference fits at C = 1e-3, 1, 100 cover the 'basic' set's choices (100, 1 and 0.1: the first two).
        Reference.Dataset data = Reference.Datasets.Single(d => d.Name == "basic");
        using var scope = NewDisposeScope();

        ProbeSelectionResult result = Select(data, Reference.Rows(data.YTrain), Reference.Rows(data.YHeld));
        Tensor probabilities = result.PredictProbabilities(Reference.Rows(data.XHeld));   // [M, 3], from raw rows

        Assert.Equal([data.XHeld.Length, 3L], probabilities.shape);
        int checkedCodes = 0;
        for (int k = 0; k < 3; k++)
        {
            Reference.FitCase? fit = data.Fits.SingleOrDefault(f => f.C == result.Choices[k].Setting.C && f.ClassWeight == result.Choices[k].Setting.ClassWeight);
            if (fit is null)
            {
                continue;
            }

            double gap = probabilities[.., k].data<double>().ToArray().Zip(fit.ProbaHeld[k], (a, e) => Math.Abs(a - e)).Max();
            Assert.True(gap <= Tolerance, $"code {k}: probabilities differ by {gap:E2}");
            checkedCodes++;
        }

        Assert.Equal(2, checkedCodes);
    }

    [Fact]
    public void Codes_with_one_class_in_the_training_rows_are_skipped_with_the_reason_and_the_rest_are_unchanged()
    {
        Reference.Dataset data = Reference.Datasets.Single(d => d.Name == "basic");
        using var scope = NewDisposeScope();
        Tensor train = Reference.Rows(data.YTrain);
        Tensor held = Reference.Rows(data.YHeld);
        int n = data.YTrain.Length, m = data.YHeld.Length;
        // Columns: all negative, code 0, all positive, code 1, code 2, positives only in validation.
        Tensor yTrain = cat([zeros(n, 1, ScalarType.Float64), train[.., 0..1], ones(n, 1, ScalarType.Float64), train[.., 1..3], zeros(n, 1, ScalarType.Float64)], 1);
        Tensor yHeld = cat([zeros(m, 1, ScalarType.Float64), held[.., 0..1], ones(m, 1, ScalarType.Float64), held[.., 1..3], ones(m, 1, ScalarType.Float64)], 1);

        ProbeSelectionResult result = Select(data, yTrain, yHeld);

        Assert.Equal(
            [new ProbeSkippedCode(0, $"no positive among the {n} training rows"), new ProbeSkippedCode(2, $"no negative among the {n} training rows"),
             new ProbeSkippedCode(5, $"no positive among the {n} training rows")],
            result.Skipped);
        Assert.Equal([1, 3, 4], result.FittedCodes);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(new ProbeGridPoint(data.Chosen[k].C, data.Chosen[k].ClassWeight), result.Choices[k].Setting);
            Assert.Equal(data.Chosen[k].LogLoss, result.Choices[k].ValidationLogLoss, Tolerance);
        }

        Tensor probabilities = result.PredictProbabilities(Reference.Rows(data.XHeld));
        Assert.Equal([m, 3L], probabilities.shape);
        Assert.True(probabilities.isfinite().all().item<bool>());
    }

    [Fact]
    public void With_every_code_single_class_the_probe_is_empty_not_an_error()
    {
        using var scope = NewDisposeScope();
        Tensor x = randn(20, 4, ScalarType.Float64);

        ProbeSelectionResult result = ProbeSelection.Select(x, zeros(20, 2), x, zeros(20, 2));

        Assert.Equal(2, result.Skipped.Count);
        Assert.Empty(result.Choices);
        Assert.Equal([20L, 0L], result.PredictProbabilities(x).shape);
    }

    [Fact]
    public void The_default_grid_is_11_C_from_1e_3_to_1e2_with_and_without_balancing()
    {
        var options = new ProbeSelectionOptions();

        Assert.Equal(22, options.Grid.Count);
        Assert.Equal(1e-3, options.CGrid[0]);
        Assert.Equal(1.0, options.CGrid[6]);
        Assert.Equal(1e2, options.CGrid[^1]);
        Assert.All(options.CGrid.Zip(options.CGrid.Skip(1)), p => Assert.Equal(Math.Sqrt(10), p.Second / p.First, 12));
        Assert.Equal([ClassWeight.None, ClassWeight.Balanced], options.Grid.Select(g => g.ClassWeight).Distinct());
    }

    [Fact]
    public void Validation_rows_of_another_width_are_an_error_naming_them()
    {
        using var scope = NewDisposeScope();
        Tensor y = (arange(10) % 2).to(ScalarType.Float64).unsqueeze(1);

        var e = Assert.Throws<ArgumentException>(() => ProbeSelection.Select(randn(10, 3), y, randn(10, 4), y));

        Assert.Equal("xValidation", e.ParamName);
    }

    private static ProbeSelectionResult Select(Reference.Dataset data, Tensor yTrain, Tensor yHeld)
    {
        var options = new ProbeSelectionOptions
        {
            CGrid = data.Grid.Select(g => g.C).Distinct().ToArray(),
            ClassWeights = data.Grid.Select(g => g.ClassWeight).Distinct().ToArray(),
        };
        return ProbeSelection.Select(Reference.Rows(data.XTrain), yTrain, Reference.Rows(data.XHeld), yHeld, options);
    }
}

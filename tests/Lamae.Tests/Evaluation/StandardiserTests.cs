using Lamae.Evaluation;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Reference = Lamae.Tests.Evaluation.ScikitLearnLogisticReference;

namespace Lamae.Tests.Evaluation;

// Reference values: tests/reference/logistic_reference.py (scikit-learn 1.2.1 StandardScaler), embedded JSON.
public sealed class StandardiserTests(ITestOutputHelper output)
{
    /// <summary>Relative agreement with StandardScaler: the same two-pass formulas in float64, summed in another order.</summary>
    private const double Tolerance = 1e-12;

    public static TheoryData<int> Datasets() => new(Enumerable.Range(0, Reference.Datasets.Count));

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Mean_and_scale_equal_StandardScalers_fitted_on_the_training_rows(int dataset)
    {
        Reference.Dataset data = Reference.Datasets[dataset];
        using var scope = NewDisposeScope();

        Standardiser fitted = Standardiser.Fit(Reference.Rows(data.XTrain));

        output.WriteLine($"{data}: mean within {fitted.Mean.Zip(data.Mean, (a, e) => Math.Abs(a - e)).Max():E1}, "
            + $"scale within {fitted.Scale.Zip(data.Scale, (a, e) => Math.Abs(a - e) / e).Max():E1} (relative)");
        for (int j = 0; j < data.Mean.Length; j++)
        {
            Assert.True(Math.Abs(fitted.Mean[j] - data.Mean[j]) <= Tolerance * Math.Max(1, Math.Abs(data.Mean[j])), $"{data}: mean of feature {j}");
            Assert.True(Math.Abs(fitted.Scale[j] - data.Scale[j]) <= Tolerance * data.Scale[j], $"{data}: scale of feature {j}");
        }
    }

    [Fact]
    public void A_constant_feature_keeps_scale_1_and_becomes_zero()
    {
        Reference.Dataset data = Reference.Datasets.Single(d => d.Name == "constant_feature");
        using var scope = NewDisposeScope();

        Standardiser fitted = Standardiser.Fit(Reference.Rows(data.XTrain));
        Tensor held = fitted.Transform(Reference.Rows(data.XHeld));

        Assert.Equal(1.0, fitted.Scale[1]);
        Assert.Equal(1.0, data.Scale[1]);
        Assert.True(held[.., 1].eq(0).all().item<bool>());
    }

    [Fact]
    public void Transform_applies_the_training_statistics_to_other_rows_in_float64_whatever_the_input_type()
    {
        Reference.Dataset data = Reference.Datasets[0];
        using var scope = NewDisposeScope();
        Standardiser fitted = Standardiser.Fit(Reference.Rows(data.XTrain));

        // The features are float32 values, so a float32 copy holds exactly the same numbers.
        Tensor fromDouble = fitted.Transform(Reference.Rows(data.XHeld));
        Tensor fromSingle = fitted.Transform(Reference.Rows(data.XHeld, ScalarType.Float32));

        Assert.Equal(ScalarType.Float64, fromSingle.dtype);
        Assert.True(fromDouble.eq(fromSingle).all().item<bool>());
        double[] row = fromDouble[0].data<double>().ToArray();
        for (int j = 0; j < row.Length; j++)
        {
            Assert.Equal((data.XHeld[0][j] - fitted.Mean[j]) / fitted.Scale[j], row[j], 1e-15);
        }

        // Held-out rows are not centred by their own mean: only the training rows are.
        Assert.True(fitted.Transform(Reference.Rows(data.XTrain)).mean([0]).abs().max().item<double>() < 1e-12);
        Assert.True(fromDouble.mean([0]).abs().max().item<double>() > 1e-3);
    }

    [Fact]
    public void Rows_of_another_width_are_an_error_naming_the_expected_shape()
    {
        using var scope = NewDisposeScope();
        Standardiser fitted = Standardiser.Fit(ones(4, 3));

        var e = Assert.Throws<ArgumentException>(() => fitted.Transform(ones(4, 5)));
        Assert.Contains("[N, 3]", e.Message, StringComparison.Ordinal);
    }
}

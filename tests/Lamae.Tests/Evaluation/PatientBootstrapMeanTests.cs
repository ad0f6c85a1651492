using Lamae.Evaluation;

namespace Lamae.Tests.Evaluation;

/// <summary>The mean over several fits (seeds) of the macro metric: one fit is the macro itself; the mean is of the fits' values, resample by resample.</summary>
public sealed class PatientBootstrapMeanTests
{
    private static readonly string[] Patients = Enumerable.Range(0, 40).Select(i => $"p{i / 2}").ToArray();
    private static readonly CodeLabels Labels = new(["a", "b"], [
        Enumerable.Range(0, 40).Select(i => i % 3 == 0).ToArray(),
        Enumerable.Range(0, 40).Select(i => i % 4 == 1).ToArray()]);

    private static double[][] Scores(int seed)
    {
        var r = new Random(seed);
        return Labels.Labels.Select(l => l.Select(y => (y ? 0.7 : 0.0) + r.NextDouble()).ToArray()).ToArray();
    }

    [Fact]
    public void One_fit_is_the_macro_estimate()
    {
        var bootstrap = new PatientBootstrap(Patients, new BootstrapOptions { Resamples = 300, Seed = 4 });

        BootstrapEstimate macro = bootstrap.EstimateMacro(BinaryMetric.Auroc, Labels, Scores(1));
        BootstrapEstimate mean = bootstrap.EstimateMean(BinaryMetric.Auroc, Labels, [Scores(1)]);

        Assert.Equal(MacroAverage.Compute(BinaryMetric.Auroc, Labels, Scores(1)).Value, mean.Value);
        Assert.Equal((macro.Value, macro.Lower, macro.Upper, macro.SkippedResamples), (mean.Value, mean.Lower, mean.Upper, mean.SkippedResamples));
    }

    [Fact]
    public void The_mean_of_fits_averages_their_values_and_replicates()
    {
        var bootstrap = new PatientBootstrap(Patients, new BootstrapOptions { Resamples = 300, Seed = 4 });

        BootstrapEstimate mean = bootstrap.EstimateMean(BinaryMetric.AveragePrecision, Labels, [Scores(1), Scores(2)]);

        double?[] a = bootstrap.Replicates(BinaryMetric.AveragePrecision, Labels, Scores(1));
        double?[] b = bootstrap.Replicates(BinaryMetric.AveragePrecision, Labels, Scores(2));
        double[] averaged = a.Zip(b, (x, y) => (x + y) / 2).Where(v => v is not null).Select(v => v!.Value).ToArray();
        double expected = (MacroAverage.Compute(BinaryMetric.AveragePrecision, Labels, Scores(1)).Value!.Value + MacroAverage.Compute(BinaryMetric.AveragePrecision, Labels, Scores(2)).Value!.Value) / 2;
        Assert.Equal(expected, mean.Value!.Value, 15);
        Assert.Equal(BootstrapStatistics.Percentile(averaged, 0.025), mean.Lower!.Value, 15);
        Assert.Equal(BootstrapStatistics.Percentile(averaged, 0.975), mean.Upper!.Value, 15);
    }

    [Fact]
    public void Identical_fits_compare_as_a_tie()
    {
        var bootstrap = new PatientBootstrap(Patients, new BootstrapOptions { Resamples = 200 });

        PairedComparison c = bootstrap.CompareMean(BinaryMetric.Auroc, Labels, [Scores(1), Scores(2)], [Scores(1), Scores(2)]);

        Assert.Equal(0, c.Difference);
        Assert.Equal(1, c.PValue);
        Assert.Equal(0, c.Lower);
        Assert.Equal(0, c.Upper);
    }
}

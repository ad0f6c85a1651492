using Lamae.Reconstruction;

namespace Lamae.Tests.Reconstruction;

/// <summary>Pearson r and RMSE of a rebuilt lead against values worked out by hand.</summary>
public sealed class LeadAgreementTests
{
    [Fact]
    public void Known_values()
    {
        // truth 1,2,3,4; prediction 2,4,6,8: r = 1 (scale-free), errors 1,2,3,4 -> RMSE sqrt(30/4).
        LeadAgreement scaled = LeadAgreement.Of([1, 2, 3, 4], [2, 4, 6, 8]);
        // truth 1,2,3,4; prediction 4,3,2,1: r = -1, errors 3,1,1,3 -> RMSE sqrt(20/4).
        LeadAgreement reversed = LeadAgreement.Of([1, 2, 3, 4], [4, 3, 2, 1]);
        // truth 1,0,-1,0; prediction 1,1,-1,-1: means 0 and 0, cov 2, var 2 and 4 -> r = 2 / sqrt(8); errors 0,1,0,1 -> RMSE sqrt(2/4).
        LeadAgreement partial = LeadAgreement.Of([1, 0, -1, 0], [1, 1, -1, -1]);

        Assert.Equal(1.0, scaled.R!.Value, 12);
        Assert.Equal(Math.Sqrt(7.5), scaled.Rmse, 12);
        Assert.Equal(-1.0, reversed.R!.Value, 12);
        Assert.Equal(Math.Sqrt(5), reversed.Rmse, 12);
        Assert.Equal(2 / Math.Sqrt(8), partial.R!.Value, 12);
        Assert.Equal(Math.Sqrt(0.5), partial.Rmse, 12);
    }

    [Fact]
    public void A_flat_truth_has_no_r_and_a_flat_prediction_has_r_zero()
    {
        LeadAgreement flatTruth = LeadAgreement.Of([2, 2, 2], [1, 2, 3]);
        LeadAgreement flatPrediction = LeadAgreement.Of([1, 2, 3], [0, 0, 0]);

        Assert.Null(flatTruth.R);
        Assert.Equal(Math.Sqrt(2.0 / 3), flatTruth.Rmse, 12);
        Assert.Equal(0.0, flatPrediction.R);
        Assert.Equal(Math.Sqrt(14.0 / 3), flatPrediction.Rmse, 12);
    }

    [Fact]
    public void Mismatched_or_empty_inputs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LeadAgreement.Of([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => LeadAgreement.Of([], []));
    }
}

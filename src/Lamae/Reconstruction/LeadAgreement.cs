namespace Lamae.Reconstruction;

/// <summary>
/// How close a rebuilt lead is to the true one, on the same samples: Pearson's r (scale-free, so comparable with the
/// published anchors) and the root mean squared error (in the signals' units: standardised, 1 = the lead's own SD).
/// </summary>
/// <param name="R">Pearson correlation; null when the true lead is flat (zero variance), where r is undefined.</param>
/// <param name="Rmse">Root mean squared error.</param>
public readonly record struct LeadAgreement(double? R, double Rmse)
{
    /// <summary>
    /// The agreement of <paramref name="predicted"/> with <paramref name="truth"/> (same length, at least one sample),
    /// in float64. A constant prediction of a varying truth has r = 0: it follows none of the lead's variation.
    /// </summary>
    public static LeadAgreement Of(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted)
    {
        if (truth.Length != predicted.Length || truth.Length == 0)
        {
            throw new ArgumentException($"truth and prediction need the same, non-zero number of samples; got {truth.Length} and {predicted.Length}");
        }

        int n = truth.Length;
        double meanT = 0, meanP = 0;
        for (int i = 0; i < n; i++)
        {
            meanT += truth[i];
            meanP += predicted[i];
        }

        meanT /= n;
        meanP /= n;
        double stt = 0, spp = 0, stp = 0, sse = 0;
        for (int i = 0; i < n; i++)
        {
            double t = truth[i] - meanT, p = predicted[i] - meanP, e = (double)predicted[i] - truth[i];
            stt += t * t;
            spp += p * p;
            stp += t * p;
            sse += e * e;
        }

        double? r = stt == 0 ? null : spp == 0 ? 0 : Math.Clamp(stp / Math.Sqrt(stt * spp), -1, 1);
        return new LeadAgreement(r, Math.Sqrt(sse / n));
    }
}

namespace Lamae.Evaluation;

/// <summary>The percentile interval and the paired p-value from bootstrap replicates, defined as the Python reference computes them.</summary>
internal static class BootstrapStatistics
{
    /// <summary>
    /// Differences closer to 0 than this count as ties, on both sides of the p-value: two models whose metric is equal on a
    /// resample differ by rounding alone (1e-16), and rounding must not decide a sign. Real differences of metrics over a
    /// few thousand records are many orders above it.
    /// </summary>
    public const double TieTolerance = 1e-12;

    /// <summary>
    /// The q-quantile (q in [0, 1]) of <paramref name="values"/> as numpy.percentile(values, 100 q) with its default
    /// method 'linear': h = (n - 1) q, the sorted values at floor(h) and the next, interpolated by h - floor(h).
    /// </summary>
    public static double Percentile(double[] values, double q)
    {
        if (values.Length == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        double h = (sorted.Length - 1) * q;
        int below = Math.Clamp((int)Math.Floor(h), 0, sorted.Length - 1);
        int above = Math.Min(below + 1, sorted.Length - 1);
        double t = h - below;
        double a = sorted[below], b = sorted[above];
        // numpy's _lerp: from the nearer end, so that t = 1 gives b exactly.
        return t >= 0.5 ? b - ((b - a) * (1 - t)) : a + ((b - a) * t);
    }

    /// <summary>
    /// The two-sided bootstrap p-value of "no difference": 2 min(share of differences ≤ 0, share ≥ 0), capped at 1,
    /// with |d| ≤ <see cref="TieTolerance"/> counted as 0.
    /// </summary>
    public static double PValue(double[] differences)
    {
        if (differences.Length == 0)
        {
            throw new ArgumentException("no differences", nameof(differences));
        }

        int atMost = differences.Count(d => d <= TieTolerance);
        int atLeast = differences.Count(d => d >= -TieTolerance);
        return Math.Min(1.0, 2.0 * Math.Min(atMost, atLeast) / differences.Length);
    }
}

namespace Lamae.Signal;

/// <summary>The symmetric Kaiser window (<c>scipy.signal.windows.kaiser(M, beta, sym=True)</c>).</summary>
internal static class KaiserWindow
{
    public static double[] Symmetric(int length, double beta)
    {
        if (length == 1)
        {
            return [1.0];
        }

        var w = new double[length];
        double alpha = (length - 1) / 2.0;
        double denominator = BesselI0(beta);
        for (int n = 0; n < length; n++)
        {
            double r = (n - alpha) / alpha;
            w[n] = BesselI0(beta * Math.Sqrt(1 - (r * r))) / denominator;
        }

        return w;
    }

    /// <summary>
    /// The modified Bessel function of the first kind, order 0, by its power series sum ((x/2)^k / k!)^2.
    /// For the |x| &lt;= ~20 a window needs, the terms shrink fast and the sum is exact to rounding
    /// (SciPy uses Cephes' Chebyshev fit, also exact to rounding).
    /// </summary>
    public static double BesselI0(double x)
    {
        double quarterSquare = x * x / 4;
        double term = 1.0, sum = 1.0;
        for (int k = 1; k < 500; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}

namespace Lamae.Signal;

/// <summary>
/// Windowed-sinc linear-phase low-pass FIR filters, equal to <c>scipy.signal.firwin(numtaps, cutoff,
/// window=('kaiser', beta))</c> with its defaults (pass zero, scaled to unit gain at DC).
/// </summary>
internal static class FirLowPass
{
    /// <param name="taps">Odd number of coefficients.</param>
    /// <param name="cutoff">Cut-off relative to Nyquist, in (0, 1).</param>
    /// <param name="beta">Kaiser window shape.</param>
    public static double[] Kaiser(int taps, double cutoff, double beta)
    {
        double alpha = 0.5 * (taps - 1);
        double[] window = KaiserWindow.Symmetric(taps, beta);
        var h = new double[taps];
        double sum = 0;
        for (int i = 0; i < taps; i++)
        {
            double m = i - alpha;
            h[i] = cutoff * Sinc(cutoff * m) * window[i];
            sum += h[i];
        }

        // Unit gain at DC (firwin's scale=True for a band starting at 0).
        for (int i = 0; i < taps; i++)
        {
            h[i] /= sum;
        }

        return h;
    }

    // numpy.sinc: sin(pi x) / (pi x), with x = 0 replaced by 1e-20 rather than special-cased.
    private static double Sinc(double x)
    {
        double y = Math.PI * (x == 0 ? 1.0e-20 : x);
        return Math.Sin(y) / y;
    }
}

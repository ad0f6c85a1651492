using static System.FormattableString;

namespace Lamae.Signal;

/// <summary>
/// Digital Butterworth filters as second-order sections, equal to
/// <c>scipy.signal.butter(order, Wn, btype, fs=fs, output='sos')</c>: the analog prototype, prewarped cut-offs,
/// the bilinear transform, and SciPy's 'nearest' pole-zero pairing.
/// </summary>
public static class Butterworth
{
    /// <summary>
    /// Highest order accepted: an ECG filter never needs more, and it catches a band edge typed as the order
    /// (a band-pass of order N already has 2N poles).
    /// </summary>
    public const int MaxOrder = 20;

    /// <summary>A low-pass or high-pass filter with cut-off <paramref name="cutoff"/> Hz at sampling rate <paramref name="fs"/> Hz.</summary>
    public static SecondOrderSections Design(int order, double cutoff, FilterBand band, double fs)
    {
        if (band == FilterBand.BandPass)
        {
            throw new ArgumentException("a band-pass needs two cut-offs: use DesignBandPass(order, low, high, fs)", nameof(band));
        }

        CheckOrderAndRate(order, fs);
        CheckCutoff(cutoff, fs, nameof(cutoff));
        double warped = Prewarp(cutoff, fs);
        ZeroPoleGain analog = ZeroPoleGain.ButterworthPrototype(order);
        analog = band == FilterBand.LowPass ? analog.LowPassToLowPass(warped) : analog.LowPassToHighPass(warped);
        return SosPairing.ToSections(analog.Bilinear(NormalisedRate));
    }

    /// <summary>A band-pass filter passing <paramref name="low"/> to <paramref name="high"/> Hz at sampling rate <paramref name="fs"/> Hz.</summary>
    public static SecondOrderSections DesignBandPass(int order, double low, double high, double fs)
    {
        CheckOrderAndRate(order, fs);
        CheckCutoff(low, fs, nameof(low));
        CheckCutoff(high, fs, nameof(high));
        if (!(low < high))
        {
            throw new ArgumentException(Invariant($"band-pass: low ({low} Hz) must be below high ({high} Hz)"), nameof(low));
        }

        double warpedLow = Prewarp(low, fs);
        double warpedHigh = Prewarp(high, fs);
        double bandwidth = warpedHigh - warpedLow;
        double centre = Math.Sqrt(warpedLow * warpedHigh);
        ZeroPoleGain analog = ZeroPoleGain.ButterworthPrototype(order).LowPassToBandPass(centre, bandwidth);
        return SosPairing.ToSections(analog.Bilinear(NormalisedRate));
    }

    // SciPy designs on the normalised scale (Wn = 2 f / fs, "fs" = 2) and prewarps there.
    private const double NormalisedRate = 2.0;

    private static double Prewarp(double frequency, double fs)
    {
        double wn = 2 * frequency / fs;
        return 2 * NormalisedRate * Math.Tan(Math.PI * wn / NormalisedRate);
    }

    private static void CheckOrderAndRate(int order, double fs)
    {
        if (order < 1 || order > MaxOrder)
        {
            throw new ArgumentException(Invariant($"filter order must be 1 to {MaxOrder}, got {order}"), nameof(order));
        }

        if (!(fs > 0) || double.IsInfinity(fs))
        {
            throw new ArgumentException(Invariant($"sampling rate fs must be a positive number of Hz, got {fs}"), nameof(fs));
        }
    }

    private static void CheckCutoff(double frequency, double fs, string name)
    {
        if (!(frequency > 0 && frequency < fs / 2))
        {
            throw new ArgumentException(
                Invariant($"cut-off {name} = {frequency} Hz must be above 0 and below the Nyquist frequency {fs / 2} Hz (fs = {fs} Hz)"),
                name);
        }
    }
}

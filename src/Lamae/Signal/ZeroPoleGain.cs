using System.Numerics;

namespace Lamae.Signal;

/// <summary>
/// A transfer function as zeros, poles and gain, with the analog-to-digital transforms of
/// <c>scipy.signal</c> (<c>buttap</c>, <c>lp2lp_zpk</c>, <c>lp2hp_zpk</c>, <c>lp2bp_zpk</c>, <c>bilinear_zpk</c>),
/// written step for step like SciPy so that the designed filters agree with it to rounding.
/// </summary>
internal sealed class ZeroPoleGain
{
    public ZeroPoleGain(Complex[] zeros, Complex[] poles, double gain)
    {
        Zeros = zeros;
        Poles = poles;
        Gain = gain;
    }

    public Complex[] Zeros { get; }

    public Complex[] Poles { get; }

    public double Gain { get; }

    // Zeros at infinity: the transforms below move them to the origin or to Nyquist.
    private int RelativeDegree => Poles.Length - Zeros.Length;

    /// <summary>The analog Butterworth low-pass prototype with cut-off 1 rad/s (<c>buttap</c>).</summary>
    public static ZeroPoleGain ButterworthPrototype(int order)
    {
        var poles = new Complex[order];
        for (int i = 0; i < order; i++)
        {
            // m runs over -order+1, -order+3, ..., order-1; the middle m = 0 gives an exactly real pole.
            int m = -order + 1 + (2 * i);
            double theta = Math.PI * m / (2.0 * order);
            poles[i] = new Complex(-Math.Cos(theta), -Math.Sin(theta));
        }

        return new ZeroPoleGain([], poles, 1.0);
    }

    /// <summary>Moves the cut-off from 1 to <paramref name="wo"/> rad/s (<c>lp2lp_zpk</c>).</summary>
    public ZeroPoleGain LowPassToLowPass(double wo)
    {
        Complex[] z = Zeros.Select(x => wo * x).ToArray();
        Complex[] p = Poles.Select(x => wo * x).ToArray();
        return new ZeroPoleGain(z, p, Gain * Math.Pow(wo, RelativeDegree));
    }

    /// <summary>Turns the low-pass into a high-pass with cut-off <paramref name="wo"/> (<c>lp2hp_zpk</c>).</summary>
    public ZeroPoleGain LowPassToHighPass(double wo)
    {
        int degree = RelativeDegree;
        var z = new Complex[Zeros.Length + degree];
        for (int i = 0; i < Zeros.Length; i++)
        {
            z[i] = wo / Zeros[i];
        }

        Complex[] p = Poles.Select(x => wo / x).ToArray();
        Complex gain = Product(Zeros, static x => -x) / Product(Poles, static x => -x);
        return new ZeroPoleGain(z, p, Gain * gain.Real);
    }

    /// <summary>Turns the low-pass into a band-pass around <paramref name="wo"/> with width <paramref name="bw"/> (<c>lp2bp_zpk</c>).</summary>
    public ZeroPoleGain LowPassToBandPass(double wo, double bw)
    {
        int degree = RelativeDegree;
        Complex[] z = Shift(Zeros, wo, bw, extraAtOrigin: degree);
        Complex[] p = Shift(Poles, wo, bw, extraAtOrigin: 0);
        return new ZeroPoleGain(z, p, Gain * Math.Pow(bw, degree));
    }

    /// <summary>The digital filter for sampling rate <paramref name="fs"/> by Tustin's method, no prewarping (<c>bilinear_zpk</c>).</summary>
    public ZeroPoleGain Bilinear(double fs)
    {
        int degree = RelativeDegree;
        double fs2 = 2.0 * fs;
        var z = new Complex[Zeros.Length + degree];
        for (int i = 0; i < Zeros.Length; i++)
        {
            z[i] = (fs2 + Zeros[i]) / (fs2 - Zeros[i]);
        }

        // Zeros at infinity land on Nyquist.
        for (int i = Zeros.Length; i < z.Length; i++)
        {
            z[i] = -1.0;
        }

        Complex[] p = Poles.Select(x => (fs2 + x) / (fs2 - x)).ToArray();
        Complex gain = Product(Zeros, x => fs2 - x) / Product(Poles, x => fs2 - x);
        return new ZeroPoleGain(z, p, Gain * gain.Real);
    }

    private static Complex[] Shift(Complex[] roots, double wo, double bw, int extraAtOrigin)
    {
        // Each low-pass root r becomes the two roots of s^2 - r*bw*s + wo^2, placed as SciPy does:
        // first all the "+ sqrt" roots, then all the "- sqrt" roots, then the extra zeros at the origin.
        int n = roots.Length;
        var result = new Complex[(2 * n) + extraAtOrigin];
        for (int i = 0; i < n; i++)
        {
            Complex r = roots[i] * bw / 2; // SciPy: z * bw/2, evaluated left to right
            Complex root = Complex.Sqrt((r * r) - (wo * wo));
            result[i] = r + root;
            result[n + i] = r - root;
        }

        return result;
    }

    private static Complex Product(Complex[] values, Func<Complex, Complex> map)
    {
        Complex product = Complex.One;
        foreach (Complex v in values)
        {
            product *= map(v);
        }

        return product;
    }
}

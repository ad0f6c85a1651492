namespace Lamae.Synthetic;

/// <summary>
/// One Gaussian wave of the heart vector over a beat (the dynamical ECG model of McSharry et al. 2003, ECGSYN,
/// extended to three axes as in Sameni et al. 2007): a(t) = amplitude * exp(-(t - centre)^2 / (2 width^2)).
/// </summary>
/// <param name="Name">P, Q, R, S, T, ST, R' ...</param>
/// <param name="Centre">Seconds relative to the beat's R time.</param>
/// <param name="Width">Standard deviation in seconds.</param>
/// <param name="Amplitude">Heart-vector amplitude (mV) in Frank coordinates.</param>
public readonly record struct CardiacWave(string Name, double Centre, double Width, Vec3 Amplitude)
{
    /// <summary>Waves are drawn over +- this many widths; beyond, exp(-x^2/2) is below 4e-6.</summary>
    public const double Support = 5;

    /// <summary>Start of the wave's visible extent (about 2 widths before the centre), relative to R.</summary>
    public double Onset => Centre - (2 * Width);

    /// <summary>End of the wave's visible extent (about 2 widths after the centre), relative to R.</summary>
    public double End => Centre + (2 * Width);

    /// <summary>Adds the wave, placed at <paramref name="rTime"/> seconds, to the heart-vector tracks.</summary>
    public void AddTo(double rTime, double rate, Span<float> x, Span<float> y, Span<float> z)
    {
        double centre = (rTime + Centre) * rate;
        double sigma = Width * rate;
        int from = Math.Max(0, (int)Math.Floor(centre - (Support * sigma)));
        int to = Math.Min(x.Length - 1, (int)Math.Ceiling(centre + (Support * sigma)));
        double inv = -0.5 / (sigma * sigma);
        for (int k = from; k <= to; k++)
        {
            double d = k - centre;
            double g = Math.Exp(d * d * inv);
            x[k] += (float)(Amplitude.X * g);
            y[k] += (float)(Amplitude.Y * g);
            z[k] += (float)(Amplitude.Z * g);
        }
    }
}

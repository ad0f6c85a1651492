namespace Lamae.Synthetic;

/// <summary>
/// Recording noise added to each electrode's potential (so derived leads share it as real ones do): baseline
/// wander with a respiratory part, broadband muscle noise (strongest on the limbs), mains hum and electrode
/// motion bursts.
/// </summary>
internal static class ElectrodeNoise
{
    private const int LimbElectrodes = 3;

    public static void Add(NoiseOptions o, SubjectProfile subject, double rate, Random rng, float[][] e)
    {
        int n = e[0].Length;
        double wander = o.BaselineWander * rng.NextDouble();
        double muscle = o.Muscle * rng.NextDouble();
        double mains = o.Mains * rng.NextDouble();
        double mainsPhase = rng.NextDouble() * 2 * Math.PI;
        for (int k = 0; k < e.Length; k++)
        {
            float[] s = e[k];
            // Wander: a respiratory sway plus two slow drifts below 0.5 Hz.
            double aResp = wander * SubjectProfile.Uniform(rng, 0.2, 0.6), pResp = rng.NextDouble() * 2 * Math.PI;
            double f1 = SubjectProfile.Uniform(rng, 0.03, 0.15), f2 = SubjectProfile.Uniform(rng, 0.15, 0.45);
            double a1 = wander * SubjectProfile.Uniform(rng, 0.3, 1.0), a2 = wander * SubjectProfile.Uniform(rng, 0.1, 0.5);
            double p1 = rng.NextDouble() * 2 * Math.PI, p2 = rng.NextDouble() * 2 * Math.PI;
            double hum = mains * SubjectProfile.Uniform(rng, 0.5, 1.5);
            double emg = muscle * (k < LimbElectrodes ? 1.5 : 0.8);
            double smooth = 0;
            for (int t = 0; t < n; t++)
            {
                double sec = t / rate;
                double v = (aResp * Math.Sin((2 * Math.PI * subject.RespirationHz * sec) + pResp))
                    + (a1 * Math.Sin((2 * Math.PI * f1 * sec) + p1)) + (a2 * Math.Sin((2 * Math.PI * f2 * sec) + p2));
                if (hum > 0)
                {
                    v += hum * Math.Sin((2 * Math.PI * o.MainsHz * sec) + mainsPhase);
                }

                if (emg > 0)
                {
                    // Muscle noise is broadband but not white: a light one-pole smoothing takes off the top octave.
                    smooth = (0.6 * SubjectProfile.Gaussian(rng, 0, emg)) + (0.4 * smooth);
                    v += smooth;
                }

                s[t] += (float)v;
            }
        }

        AddMotionBursts(o, rate, rng, e);
    }

    // An electrode rubbed or pulled: a smooth excursion with a 1-3 Hz wobble, 0.3-1.5 s long.
    private static void AddMotionBursts(NoiseOptions o, double rate, Random rng, float[][] e)
    {
        int n = e[0].Length;
        double expected = o.MotionBurstsPerMinute * n / rate / 60;
        int count = Poisson(rng, expected);
        for (int b = 0; b < count; b++)
        {
            float[] s = e[rng.Next(e.Length)];
            int length = (int)(SubjectProfile.Uniform(rng, 0.3, 1.5) * rate);
            int start = rng.Next(Math.Max(1, n - length));
            double amplitude = SubjectProfile.Uniform(rng, 0.15, 0.8) * (rng.NextDouble() < 0.5 ? -1 : 1);
            double wobble = SubjectProfile.Uniform(rng, 1, 3);
            for (int t = 0; t < length && start + t < n; t++)
            {
                double u = (double)t / length;
                double window = 0.5 * (1 - Math.Cos(2 * Math.PI * u));
                s[start + t] += (float)(amplitude * window * (1 + (0.4 * Math.Sin(2 * Math.PI * wobble * t / rate))));
            }
        }
    }

    private static int Poisson(Random rng, double mean)
    {
        double l = Math.Exp(-mean), p = 1;
        int k = 0;
        do
        {
            k++;
            p *= rng.NextDouble();
        }
        while (p > l);
        return k - 1;
    }
}

using System.Globalization;
using Lamae.Core;

namespace Lamae.Synthetic;

/// <summary>A simulated ECG with the ground truth behind it.</summary>
/// <param name="Ecg">The 12-lead recording (mV).</param>
/// <param name="Conditions">Its conditions (empty: normal).</param>
/// <param name="HeartRate">Mean rate the rhythm was drawn with (bpm).</param>
/// <param name="Beats">Every beat, including those just outside the recording.</param>
/// <param name="FlatLead">The lead zero-filled by the flat-lead fault, if any.</param>
public sealed record SimulatedEcg(Ecg Ecg, IReadOnlyList<Condition> Conditions, double HeartRate, IReadOnlyList<Beat> Beats, Lead? FlatLead);

/// <summary>
/// Simulates 12-lead ECGs: a 3-D heart vector from Gaussian waves per beat (<see cref="BeatMorphology"/>), beat
/// times from <see cref="BeatSchedule"/>, projected by the subject's Dower lead field onto I, II, V1-V6. Noise is
/// added to the electrode potentials (RA, LA, LL, V1-V6) and every lead is derived from them as an ECG machine
/// does, so Einthoven's and Goldberger's relations hold exactly before noise and with it.
/// </summary>
public static class EcgSimulator
{
    // Electrodes in the order SubjectProfile.NonDipolar uses.
    private const int RA = 0, LA = 1, LL = 2, Electrodes = 9;

    /// <summary>Simulates one recording of <paramref name="seconds"/> at <paramref name="rate"/> Hz.</summary>
    public static SimulatedEcg Simulate(SubjectProfile subject, IReadOnlySet<Condition> conditions, double rate, double seconds, NoiseOptions noise, Random rng, string recordId) =>
        Simulate(subject, conditions, rate, seconds, noise, rng, recordId, DifficultyParameters.Standard);

    /// <summary>As above, with the signs and rates of <paramref name="difficulty"/> (the subject should be drawn with the same).</summary>
    public static SimulatedEcg Simulate(SubjectProfile subject, IReadOnlySet<Condition> conditions, double rate, double seconds, NoiseOptions noise, Random rng, string recordId, DifficultyParameters difficulty)
    {
        ArgumentNullException.ThrowIfNull(difficulty);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(rng);
        if (!(rate >= 50) || !(seconds > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), $"rate {rate} Hz (at least 50) and duration {seconds} s (positive) are needed");
        }

        int n = (int)Math.Round(rate * seconds);
        double heartRate = HeartRate(subject, conditions, rng, difficulty);
        var morphology = new BeatMorphology(subject, conditions, rng, difficulty);
        IReadOnlyList<Beat> beats = BeatSchedule.Generate(subject, conditions, heartRate, seconds, rng, difficulty);

        // 1. The heart vector [3, n].
        var x = new float[n];
        var y = new float[n];
        var z = new float[n];
        foreach (Beat b in beats)
        {
            foreach (CardiacWave w in morphology.Waves(b.Kind, b.PrecedingRr))
            {
                w.AddTo(b.RTime, rate, x, y, z);
            }
        }

        if (conditions.Contains(Condition.AtrialFibrillation))
        {
            AddFibrillatoryWaves(subject, rate, rng, difficulty, x, y, z);
        }

        // 2. Electrode potentials [9, n]: RA as reference 0, LA = I, LL = II, Vi = lead Vi + Wilson's terminal.
        var e = new float[Electrodes][];
        for (int k = 0; k < Electrodes; k++)
        {
            e[k] = new float[n];
        }

        IReadOnlyList<Vec3> rows = subject.LeadRows;
        for (int t = 0; t < n; t++)
        {
            var v = new Vec3(x[t], y[t], z[t]);
            double i = DowerTransform.Project(rows[0], v), ii = DowerTransform.Project(rows[1], v);
            double wilson = (i + ii) / 3;
            e[LA][t] = (float)i;
            e[LL][t] = (float)ii;
            for (int p = 0; p < 6; p++)
            {
                e[3 + p][t] = (float)(DowerTransform.Project(rows[2 + p], v) + wilson);
            }
        }

        AddNonDipolar(subject, beats, rate, e);
        ElectrodeNoise.Add(noise, subject, rate, rng, e);

        // 3. Leads from electrodes, as the machine computes them.
        var data = new float[Leads.Count * n];
        for (int t = 0; t < n; t++)
        {
            float ra = e[RA][t], la = e[LA][t], ll = e[LL][t], wct = (ra + la + ll) / 3;
            data[((int)Lead.I * n) + t] = la - ra;
            data[((int)Lead.II * n) + t] = ll - ra;
            data[((int)Lead.III * n) + t] = ll - la;
            data[((int)Lead.aVR * n) + t] = ra - ((la + ll) / 2);
            data[((int)Lead.aVL * n) + t] = la - ((ra + ll) / 2);
            data[((int)Lead.aVF * n) + t] = ll - ((ra + la) / 2);
            for (int p = 0; p < 6; p++)
            {
                data[((int)Lead.V1 + p) * n + t] = e[3 + p][t] - wct;
            }
        }

        Lead? flat = null;
        if (rng.NextDouble() < noise.FlatLeadProbability)
        {
            flat = Leads.All[rng.Next(Leads.Count)];
            Array.Clear(data, (int)flat.Value * n, n);   // a zero-filled channel, as in the Ningbo records
        }

        var present = Enumerable.Repeat(true, Leads.Count).ToArray();
        var metadata = new EcgMetadata(recordId, subject.SubjectId.ToString(CultureInfo.InvariantCulture), subject.Age, subject.Sex, Source: "lamae simulate");
        var ecg = new Ecg(rate, n, data, present, metadata);
        return new SimulatedEcg(ecg, [.. conditions.Order()], heartRate, beats, flat);
    }

    // Sinus tachycardia is a rate over 100 bpm, bradycardia under 60: Standard keeps both far from normal rates,
    // Subtle puts them 2 bpm past the bounds and lets normal rates reach 2 bpm short of them.
    private static double HeartRate(SubjectProfile subject, IReadOnlySet<Condition> conditions, Random rng, DifficultyParameters p)
    {
        if (conditions.Contains(Condition.SinusTachycardia))
        {
            return p.TachycardiaRate.Draw(rng);
        }

        if (conditions.Contains(Condition.SinusBradycardia))
        {
            return p.BradycardiaRate.Draw(rng);
        }

        if (conditions.Contains(Condition.AtrialFibrillation))
        {
            return SubjectProfile.Uniform(rng, 70, 125);
        }

        // Normal sinus rhythm stays clear of the rate conditions' bounds even with its variability.
        return Math.Clamp(subject.HeartRate + SubjectProfile.Gaussian(rng, 0, 3), p.NormalRate.Lo, p.NormalRate.Hi);
    }

    // Atrial fibrillation's f waves: 4.5-7.5 Hz oscillation of an atrial vector pointing right-anterior-inferior,
    // so they are largest in V1, with slowly changing amplitude.
    private static void AddFibrillatoryWaves(SubjectProfile subject, double rate, Random rng, DifficultyParameters p, float[] x, float[] y, float[] z)
    {
        Vec3 dir = subject.Axis.Apply(new Vec3(-0.3, 0.4, -0.85));
        double norm = dir.Length;
        double f = SubjectProfile.Uniform(rng, 4.5, 7.5), amplitude = p.FibrillatoryAmplitude.Draw(rng) / norm;
        double p1 = rng.NextDouble() * 2 * Math.PI, p2 = rng.NextDouble() * 2 * Math.PI, pm = rng.NextDouble() * 2 * Math.PI;
        for (int t = 0; t < x.Length; t++)
        {
            double s = t / rate;
            double a = amplitude * (0.75 + (0.25 * Math.Sin((2 * Math.PI * 0.3 * s) + pm)));
            double w = a * (Math.Sin((2 * Math.PI * f * s) + p1 + (0.8 * Math.Sin(2 * Math.PI * 0.5 * s))) + (0.35 * Math.Sin((4 * Math.PI * f * s) + p2)));
            x[t] += (float)(w * dir.X);
            y[t] += (float)(w * dir.Y);
            z[t] += (float)(w * dir.Z);
        }
    }

    // Each electrode sees a little of the heart that no dipole explains: a small QRS-locked deflection of its own.
    private static void AddNonDipolar(SubjectProfile subject, IReadOnlyList<Beat> beats, double rate, float[][] e)
    {
        int n = e[0].Length;
        const double width = 0.015;
        foreach (Beat b in beats)
        {
            double centre = (b.RTime + 0.01) * rate, sigma = width * rate;
            int from = Math.Max(0, (int)(centre - (4 * sigma))), to = Math.Min(n - 1, (int)(centre + (4 * sigma)));
            for (int t = from; t <= to; t++)
            {
                double g = Math.Exp(-0.5 * Math.Pow((t - centre) / sigma, 2));
                for (int k = 0; k < Electrodes; k++)
                {
                    e[k][t] += (float)(subject.NonDipolar[k] * g);
                }
            }
        }
    }
}

namespace Lamae.Synthetic;

/// <summary>One beat: when its R wave comes, what kind it is, and the RR interval before it (sets the QT).</summary>
public readonly record struct Beat(double RTime, BeatKind Kind, double PrecedingRr);

/// <summary>
/// Beat times for a recording: sinus rhythm with respiratory sinus arrhythmia and a ~0.1 Hz component, the
/// independent irregular intervals of atrial fibrillation, and premature atrial or ventricular beats.
/// </summary>
public static class BeatSchedule
{
    /// <summary>Frequency of the low-frequency (Mayer wave) RR modulation, Hz.</summary>
    public const double LowFrequencyHz = 0.1;

    /// <summary>Beats whose R falls in [-1.5 s, <paramref name="seconds"/> + 1.5 s): the record starts and ends mid-cycle.</summary>
    public static IReadOnlyList<Beat> Generate(SubjectProfile subject, IReadOnlySet<Condition> conditions, double heartRate, double seconds, Random rng) =>
        Generate(subject, conditions, heartRate, seconds, rng, DifficultyParameters.Standard);

    /// <summary>As above, with the ectopic beats' frequency and prematurity of <paramref name="p"/>.</summary>
    public static IReadOnlyList<Beat> Generate(SubjectProfile subject, IReadOnlySet<Condition> conditions, double heartRate, double seconds, Random rng, DifficultyParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(rng);
        bool af = conditions.Contains(Condition.AtrialFibrillation);
        bool pvc = conditions.Contains(Condition.PrematureVentricularComplexes);
        bool pac = conditions.Contains(Condition.PrematureAtrialComplexes);
        double ectopicRate = p.EctopicRate.Draw(rng);
        double rr0 = 60 / heartRate;
        double phaseResp = rng.NextDouble() * 2 * Math.PI, phaseLf = rng.NextDouble() * 2 * Math.PI;
        var beats = new List<Beat>();
        double t = -1.5 + (rng.NextDouble() * rr0);
        double previousRr = rr0;
        int ectopics = 0;
        while (t < seconds + 1.5)
        {
            double rr;
            if (af)
            {
                // AF: the ventricles answer a chaotic atrium; successive RR intervals are independent (CV ~ 15-25 %).
                rr = Math.Clamp(rr0 * Math.Exp(SubjectProfile.Gaussian(rng, 0, 0.2)), 0.33, 2.0);
            }
            else
            {
                double mod = (subject.RsaDepth * Math.Sin((2 * Math.PI * subject.RespirationHz * t) + phaseResp))
                    + (subject.LfDepth * Math.Sin((2 * Math.PI * LowFrequencyHz * t) + phaseLf))
                    + SubjectProfile.Gaussian(rng, 0, 0.01);
                rr = rr0 * (1 + mod);
            }

            beats.Add(new Beat(t, BeatKind.Sinus, previousRr));
            bool inRecord = t > 0.5 && t < seconds - 1.5;
            bool ectopic = (pvc || pac) && inRecord && (rng.NextDouble() < ectopicRate || (ectopics == 0 && t > seconds / 2));
            if (ectopic && pvc)
            {
                // Early wide beat; the sinus node keeps its pace, so the next sinus beat comes two cycles on (compensatory pause).
                double coupling = rr * p.PvcCoupling.Draw(rng);
                beats.Add(new Beat(t + coupling, BeatKind.PrematureVentricular, coupling));
                ectopics++;
                previousRr = (2 * rr) - coupling;
                t += 2 * rr;
                continue;
            }

            if (ectopic && pac)
            {
                // Early atrial beat; it resets the sinus node, so the pause after it is not compensatory.
                double coupling = rr * p.PacCoupling.Draw(rng);
                beats.Add(new Beat(t + coupling, BeatKind.PrematureAtrial, coupling));
                ectopics++;
                previousRr = rr;
                t += coupling + rr;
                continue;
            }

            previousRr = rr;
            t += rr;
        }

        return beats;
    }
}

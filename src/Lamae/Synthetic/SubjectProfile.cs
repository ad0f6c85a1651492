using Lamae.Core;

namespace Lamae.Synthetic;

/// <summary>
/// What stays the same across one simulated patient's ECGs: anatomy (heart axis, electrode placement,
/// non-dipolar components), amplitudes, conduction times, heart-rate behaviour, age and sex.
/// </summary>
public sealed record SubjectProfile
{
    public required int SubjectId { get; init; }

    public required double Age { get; init; }

    public required Sex Sex { get; init; }

    /// <summary>Resting sinus rate (bpm) without rate conditions.</summary>
    public required double HeartRate { get; init; }

    /// <summary>Respiratory sinus arrhythmia: relative RR modulation at the breathing rate (younger: larger).</summary>
    public required double RsaDepth { get; init; }

    /// <summary>Low-frequency (~0.1 Hz, Mayer wave) relative RR modulation.</summary>
    public required double LfDepth { get; init; }

    /// <summary>Breathing rate (Hz).</summary>
    public required double RespirationHz { get; init; }

    /// <summary>Rotation of the heart's electrical axis.</summary>
    public required Rotation3 Axis { get; init; }

    /// <summary>Scales of the P, QRS and T amplitudes.</summary>
    public required double PScale { get; init; }

    public required double QrsScale { get; init; }

    public required double TScale { get; init; }

    /// <summary>PR interval (P onset to QRS onset), seconds.</summary>
    public required double PrInterval { get; init; }

    /// <summary>Stretch of the QRS waves' timing (1 = about 85 ms).</summary>
    public required double QrsWidthScale { get; init; }

    /// <summary>Heart-rate-corrected QT (Bazett), seconds.</summary>
    public required double Qtc { get; init; }

    /// <summary>Lead-field rows (I, II, V1-V6) with this subject's electrode placement errors.</summary>
    public required IReadOnlyList<Vec3> LeadRows { get; init; }

    /// <summary>Per-electrode (RA, LA, LL, V1-V6) non-dipolar QRS component amplitude (mV).</summary>
    public required IReadOnlyList<double> NonDipolar { get; init; }

    /// <summary>Benign early repolarisation: a small ST vector (mV, already rotated by the axis) concordant with T; zero for most.</summary>
    public Vec3 EarlyRepolarisation { get; init; }

    /// <summary>Draws a plausible adult: ages 18-90, either sex, with the physiology that goes with them.</summary>
    public static SubjectProfile Sample(int subjectId, Random rng) => Sample(subjectId, rng, DifficultyParameters.Standard);

    /// <summary>As above, with the population spread of <paramref name="p"/> (the same draws in the same order for every difficulty).</summary>
    public static SubjectProfile Sample(int subjectId, Random rng, DifficultyParameters p)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(p);
        double age = 18 + (72 * Math.Pow(rng.NextDouble(), 0.8));   // skewed older, as hospital ECG populations are
        Sex sex = rng.NextDouble() < 0.5 ? Sex.Male : Sex.Female;
        bool female = sex == Sex.Female;
        double ageFactor = (age - 18) / 72;

        // The frontal axis turns leftward with age (normal: about +60 degrees young, towards 0 old).
        double frontal = Gaussian(rng, 0, p.FrontalAxisSd) - (0.35 * ageFactor);
        var rows = DowerTransform.Rows.Select((row, i) => i < 2 ? row : PlaceElectrode(rng, i, p)).ToList();
        return new SubjectProfile
        {
            SubjectId = subjectId,
            Age = Math.Round(age),
            Sex = sex,
            HeartRate = Math.Clamp(Gaussian(rng, female ? 74 : 70, p.RestingRateSd), p.RestingRate.Lo, p.RestingRate.Hi),
            RsaDepth = Math.Max(0.005, Gaussian(rng, 0.05 * (1.2 - ageFactor), 0.015)),
            LfDepth = Math.Max(0.005, Gaussian(rng, 0.03, 0.01)),
            RespirationHz = Uniform(rng, 0.2, 0.33),
            Axis = Rotation3.FromAngles(Gaussian(rng, 0, p.OtherAxisSd), Gaussian(rng, 0, p.OtherAxisSd), frontal),
            PScale = p.PScale.Draw(rng),
            QrsScale = p.QrsScale.Draw(rng) * (female ? 0.85 : 1.0),
            TScale = p.TScale.Draw(rng),
            PrInterval = Math.Clamp(Gaussian(rng, p.PrMean + (p.PrAgeSlope * ageFactor), p.PrSd), p.Pr.Lo, p.Pr.Hi),
            QrsWidthScale = p.QrsWidthScale.Draw(rng),
            Qtc = Math.Clamp(Gaussian(rng, female ? 0.415 : 0.405, p.QtcSd), p.Qtc.Lo, p.Qtc.Hi),
            LeadRows = rows,
            NonDipolar = Enumerable.Range(0, 9).Select(_ => Gaussian(rng, 0, p.NonDipolarSd)).ToList(),
        };
    }

    /// <summary>
    /// The subject with benign early repolarisation where <paramref name="p"/> has it. Drawn after everything else
    /// about the subject (conditions and fold included), and not at all where the chance is 0, so every difficulty gives
    /// the same patients the same labels and Standard's stream is unchanged.
    /// </summary>
    public SubjectProfile WithTraits(Random rng, DifficultyParameters p)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(p);
        if (p.EarlyRepolarisationChance > 0 && rng.NextDouble() < p.EarlyRepolarisationChance)
        {
            // Along the normal T direction: ST up in I, II, aVF and V2-V6, down only in aVR, with no reciprocal change.
            Vec3 t = new(0.3, 0.22, -0.15);
            return this with { EarlyRepolarisation = (p.EarlyRepolarisation.Draw(rng) / t.Length) * Axis.Apply(t) };
        }

        return this;
    }

    // Precordial electrodes are often placed a little off: mix in the neighbouring electrode's row and rescale.
    private static Vec3 PlaceElectrode(Random rng, int row, DifficultyParameters p)
    {
        IReadOnlyList<Vec3> r = DowerTransform.Rows;
        double shift = Gaussian(rng, 0, p.ElectrodeShiftSd);
        int neighbour = shift >= 0 ? Math.Min(row + 1, r.Count - 1) : Math.Max(row - 1, 2);
        double w = Math.Min(Math.Abs(shift), 0.5);
        return p.ElectrodeGain.Draw(rng) * (((1 - w) * r[row]) + (w * r[neighbour]));
    }

    internal static double Gaussian(Random rng, double mean, double sd)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    internal static double Uniform(Random rng, double lo, double hi) => lo + ((hi - lo) * rng.NextDouble());
}

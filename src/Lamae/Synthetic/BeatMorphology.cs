namespace Lamae.Synthetic;

/// <summary>Which kind of beat: conducted from the sinus node, premature atrial, or premature ventricular.</summary>
public enum BeatKind
{
    Sinus,
    PrematureAtrial,
    PrematureVentricular,
}

/// <summary>
/// The heart-vector waves of one subject's beats under a set of conditions. Normal vectors (Frank, mV) follow
/// the textbook VCG: a small septal vector rightward and anterior (q in I, V6; r in V1), the main QRS vector
/// left, inferior and posterior (rS in V1, tall R in V5), a terminal posterior-superior S, and a T vector
/// concordant with the QRS (upright T in I, II, V2-V6).
/// </summary>
public sealed class BeatMorphology
{
    // Normal-beat vectors before the subject's rotation and scaling.
    private static readonly Vec3 SeptalQ = new(-0.12, 0.02, -0.15);
    private static readonly Vec3 MainR = new(1.2, 0.8, 0.55);
    private static readonly Vec3 TerminalS = new(-0.25, -0.3, 0.45);
    private static readonly Vec3 NormalT = new(0.3, 0.22, -0.15);
    private static readonly Vec3 NormalP = new(0.08, 0.14, -0.02);

    private readonly SubjectProfile subject;
    private readonly IReadOnlySet<Condition> conditions;
    private readonly List<CardiacWave> qrs = [];
    private readonly Vec3 tVector;
    private readonly Vec3 stVector;
    private readonly Vec3 pvcVector;
    private readonly double tWidth;
    private readonly bool peakedT;
    private readonly double qtc;
    private readonly double firstDegreePr;

    /// <summary>The waves of <paramref name="subject"/> with <paramref name="conditions"/> at the Standard difficulty.</summary>
    public BeatMorphology(SubjectProfile subject, IReadOnlySet<Condition> conditions, Random rng)
        : this(subject, conditions, rng, DifficultyParameters.Standard)
    {
    }

    /// <summary>As above, each sign as far past its criterion as <paramref name="p"/> says.</summary>
    public BeatMorphology(SubjectProfile subject, IReadOnlySet<Condition> conditions, Random rng, DifficultyParameters p)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(p);
        this.subject = subject;
        this.conditions = conditions;
        double w = subject.QrsWidthScale;
        Rotation3 axis = subject.Axis;
        double scale = subject.QrsScale;
        Vec3 tv = subject.TScale * NormalT;
        qtc = subject.Qtc;
        tWidth = 0.05;
        firstDegreePr = p.FirstDegreePr.Draw(rng);

        if (Has(Condition.LeftBundleBranchBlock))
        {
            // Activation spreads slowly from right to left: no septal q, a broad notched R leftward and posterior,
            // QS in V1-V2; repolarisation opposite to the QRS (discordant ST-T).
            double stretch = SubjectProfile.Uniform(rng, 0.95, 1.15);
            qrs.Add(new("R1", -0.025 * stretch, 0.020 * stretch, scale * new Vec3(0.9, 0.25, 0.8)));
            qrs.Add(new("R2", 0.030 * stretch, 0.022 * stretch, scale * new Vec3(1.0, 0.15, 1.1)));
            tv = subject.TScale * new Vec3(-0.35, -0.05, -0.45);
        }
        else
        {
            qrs.Add(new("Q", -0.022 * w, 0.008 * w, scale * SeptalQ));
            qrs.Add(new("R", 0, 0.0105 * w, scale * MainR));
            qrs.Add(new("S", 0.024 * w, 0.009 * w, scale * TerminalS));
            if (Has(Condition.RightBundleBranchBlock))
            {
                // Late, slow right-ventricular activation: a terminal vector rightward and anterior (R' in V1,
                // broad S in I and V6) and T inverted in V1-V3.
                double late = SubjectProfile.Uniform(rng, 0.95, 1.15);
                qrs.Add(new("R'", 0.060 * late, 0.017 * late, scale * new Vec3(-0.5, 0.05, -0.65)));
                tv = subject.TScale * new Vec3(0.32, 0.2, 0.2);
            }
        }

        if (Has(Condition.OldMyocardialInfarction))
        {
            // Necrosis removes the forces of the infarcted wall: the initial vector points away from it for 40+ ms.
            // Subtle keeps the Q's 40 ms (its width) and makes it shallower, with a smaller T change.
            bool inferior = rng.NextDouble() < 0.5;
            double depth = p.OldMiQScale.Draw(rng);
            qrs.RemoveAll(q => q.Name == "Q");
            qrs.Add(new("Qpath", -0.026 * w, 0.013 * w, depth * scale * (inferior ? new Vec3(0.05, -0.55, 0.05) : new Vec3(0.05, 0.05, 0.75))));
            tv = inferior ? tv + (p.OldMiTShift * new Vec3(0, -0.25, 0)) : tv + (p.OldMiTShift * new Vec3(0, 0, 0.3));
        }

        if (Has(Condition.LeftVentricularHypertrophy))
        {
            // More left-ventricular mass: larger, more posterior-leftward QRS, and often a strain pattern.
            for (int i = 0; i < qrs.Count; i++)
            {
                if (qrs[i].Name == "R")
                {
                    qrs[i] = qrs[i] with { Amplitude = p.LvhRBoost * (qrs[i].Amplitude + p.LvhROffset) };
                }
            }

            if (rng.NextDouble() < p.LvhStrainChance)
            {
                tv = subject.TScale * new Vec3(-0.25, 0.05, 0.25);
            }
        }

        if (Has(Condition.Hyperkalaemia))
        {
            tv = p.HyperkalaemiaT.Draw(rng) * tv;
            tWidth = p.HyperkalaemiaTWidth;
            peakedT = true;
        }

        if (Has(Condition.LongQt))
        {
            qtc = p.LongQtQtc.Draw(rng);
            tWidth = p.LongQtTWidth;
        }

        stVector = Has(Condition.AnteriorStemi) ? p.StemiSt.Draw(rng) * p.AnteriorInjury
            : Has(Condition.InferiorStemi) ? p.StemiSt.Draw(rng) * new Vec3(-0.2, 1.0, 0.0)
            : default;
        if (stVector != default)
        {
            tv = tv + (p.HyperacuteT * stVector);   // hyperacute T in the injured territory
        }

        // Each condition is drawn so its criterion holds: voltage criteria are met for LVH and not met otherwise.
        RotateAll(axis);
        tVector = axis.Apply(tv);
        stVector = axis.Apply(stVector);
        if (subject.EarlyRepolarisation != default)
        {
            stVector += subject.EarlyRepolarisation;   // benign: adds to an injury current where there is one
        }

        AdjustVoltage(Has(Condition.LeftVentricularHypertrophy), rng, p);
        pvcVector = p.PvcAmplitude.Draw(rng) * (rng.NextDouble() < 0.5 ? new Vec3(0.6, 0.2, 0.75) : new Vec3(-0.55, 0.45, -0.7));
    }

    /// <summary>QRS onset relative to R (seconds), from the earliest QRS wave.</summary>
    public double QrsOnset => qrs.Min(q => q.Onset);

    /// <summary>QRS end relative to R (seconds).</summary>
    public double QrsEnd => qrs.Max(q => q.End);

    /// <summary>The subject's QTc in effect (seconds).</summary>
    public double Qtc => qtc;

    /// <summary>Whether beats have P waves (not in atrial fibrillation).</summary>
    public bool HasP => !Has(Condition.AtrialFibrillation);

    /// <summary>The waves of one beat of <paramref name="kind"/> whose preceding RR is <paramref name="rr"/> seconds.</summary>
    public IEnumerable<CardiacWave> Waves(BeatKind kind, double rr)
    {
        double pr = Has(Condition.FirstDegreeAvBlock) ? firstDegreePr : subject.PrInterval;
        if (kind == BeatKind.PrematureVentricular)
        {
            // Ectopic ventricular focus: activation spreads cell to cell, so the QRS is wide (140-170 ms) and
            // bizarre, with slurred but steep deflections; no P; T opposite to the QRS.
            yield return new("V1", -0.045, 0.018, 0.55 * pvcVector);
            yield return new("V2", 0.0, 0.02, pvcVector);
            yield return new("V3", 0.045, 0.02, 0.45 * pvcVector);
            yield return new("VT", 0.32, 0.07, -0.3 * pvcVector);
            yield break;
        }

        if (HasP)
        {
            Vec3 p = subject.Axis.Apply(subject.PScale * (kind == BeatKind.PrematureAtrial ? new Vec3(0.06, -0.11, 0.05) : NormalP));
            const double pWidth = 0.022;
            double pOnset = QrsOnset - pr;
            yield return new("P", pOnset + (2 * pWidth), pWidth, p);
        }

        foreach (CardiacWave w in qrs)
        {
            yield return w;
        }

        if (stVector != default)
        {
            // A plateau from the J point into the T wave: two overlapping Gaussians.
            yield return new("ST1", QrsEnd + 0.035, 0.035, stVector);
            yield return new("ST2", QrsEnd + 0.12, 0.045, 0.9 * stVector);
        }

        // Bazett: QT = QTc * sqrt(RR); the T peak sits so that T ends (peak + 2 widths, about 100 ms: the usual
        // T-peak-to-end interval) at QT after QRS onset.
        double qt = qtc * Math.Sqrt(Math.Clamp(rr, 0.3, 2.0));
        double tPeak = QrsOnset + qt - (2 * tWidth);
        if (peakedT)
        {
            yield return new("T", tPeak, tWidth, tVector);
        }
        else
        {
            yield return new("T", tPeak, tWidth, 0.85 * tVector);
            yield return new("T0", tPeak - 0.05, 0.04, 0.2 * tVector);   // the slow upstroke: T is asymmetric
        }
    }

    private bool Has(Condition c) => conditions.Contains(c);

    private void RotateAll(Rotation3 axis)
    {
        for (int i = 0; i < qrs.Count; i++)
        {
            qrs[i] = qrs[i] with { Amplitude = axis.Apply(qrs[i].Amplitude) };
        }
    }

    // Sokolow-Lyon index S(V1) + max R(V5, V6) of the clean QRS (criterion: over 3.5 mV): Standard at least 3.9 mV
    // with LVH and at most 3.2 without; Subtle 3.65-4.2 with and at most 3.35 without.
    private void AdjustVoltage(bool lvh, Random rng, DifficultyParameters p)
    {
        double index = SokolowLyon();
        double drawn = lvh ? p.LvhSokolowLyon.Draw(rng) : 0;
        double target = !lvh ? Math.Min(index, p.NormalSokolowLyonMax) : p.LvhAtLeastNatural ? Math.Max(index, drawn) : drawn;
        if (index > 0 && Math.Abs(target - index) > 1e-9)
        {
            double f = target / index;
            for (int i = 0; i < qrs.Count; i++)
            {
                qrs[i] = qrs[i] with { Amplitude = f * qrs[i].Amplitude };
            }
        }
    }

    private double SokolowLyon()
    {
        IReadOnlyList<Vec3> rows = subject.LeadRows;
        double v1Min = 0, v5Max = 0, v6Max = 0;
        for (double t = -0.08; t <= 0.12; t += 0.002)
        {
            Vec3 v = default;
            foreach (CardiacWave w in qrs)
            {
                double d = (t - w.Centre) / w.Width;
                v += Math.Exp(-0.5 * d * d) * w.Amplitude;
            }

            v1Min = Math.Min(v1Min, DowerTransform.Project(rows[2], v));
            v5Max = Math.Max(v5Max, DowerTransform.Project(rows[6], v));
            v6Max = Math.Max(v6Max, DowerTransform.Project(rows[7], v));
        }

        return -v1Min + Math.Max(v5Max, v6Max);
    }
}

namespace Lamae.Synthetic;

/// <summary>How plainly the simulated conditions show: textbook-obvious or borderline, as many real ECGs are.</summary>
public enum SimulationDifficulty
{
    /// <summary>Every sign well past its criterion and a narrow normal population: easy to tell apart (the original simulator).</summary>
    Standard,

    /// <summary>Signs just past their criteria, normals spread up to them, more placement error and noise.</summary>
    Subtle,
}

/// <summary>A range a value is drawn from uniformly; a point range (Lo == Hi) draws nothing from the stream.</summary>
/// <param name="Lo">Lower bound.</param>
/// <param name="Hi">Upper bound.</param>
public readonly record struct DrawRange(double Lo, double Hi)
{
    /// <summary>A fixed value: drawing it leaves the random stream untouched, so Standard's draws stay where they were.</summary>
    public static DrawRange Fixed(double value) => new(value, value);

    /// <summary>A value from the range (Lo itself for a point range, without a draw).</summary>
    public double Draw(Random rng) => Lo == Hi ? Lo : SubjectProfile.Uniform(rng, Lo, Hi);
}

/// <summary>
/// Every number that sets how far a condition's sign lies past its clinical criterion, and how widely normal subjects
/// vary towards it: one instance per <see cref="SimulationDifficulty"/>. <see cref="Standard"/> holds the simulator's
/// original values and draws (its output is byte-identical to before difficulties existed); <see cref="Subtle"/> puts
/// each sign just past its criterion and lets normals reach just short of it, so that the label rests on a measured
/// interval or a small amplitude in a few leads rather than on heart rate, QRS width or overall voltage.
/// </summary>
public sealed record DifficultyParameters
{
    /// <summary>The original simulator.</summary>
    public static readonly DifficultyParameters Standard = new();

    /// <summary>
    /// Borderline signs. Criteria (AHA/ACCF/HRS recommendations for the standardisation and interpretation of the ECG,
    /// Rautaharju, Surawicz, Hancock et al., Circulation 2009, parts I-VI): sinus tachycardia over 100 bpm, sinus
    /// bradycardia under 60 bpm, first-degree AV block PR over 200 ms, Sokolow-Lyon S(V1) + R(V5/V6) over 3.5 mV, QTc over
    /// 470 ms (men) / 480 ms (women) for long QT, STEMI J-point elevation of 0.1 mV or more in two contiguous leads (Fourth
    /// Universal Definition of MI, Thygesen et al. 2018), pathological Q of 40 ms or more.
    /// </summary>
    public static readonly DifficultyParameters Subtle = new()
    {
        // Subjects: the normal population fills the normal ranges right up to each criterion.
        FrontalAxisSd = 0.45,              // +-26 degrees: left (< -30) and right (> +90) axis deviation occur in normals, as in ~2-5 % of adults
        OtherAxisSd = 0.25,                // more rotation about the long axis: precordial transition from V2 to V5
        RestingRateSd = 10,                // resting rates across the whole 60-100 bpm normal range
        RestingRate = new(61, 96),
        PScale = new(0.6, 1.4),
        QrsScale = new(0.5, 1.45),         // overall voltage overlaps LVH's (only the Sokolow-Lyon leads decide)
        TScale = new(0.55, 1.4),           // tall normal T waves overlap hyperkalaemia's height (its shape decides)
        PrMean = 0.155,
        PrAgeSlope = 0.025,
        PrSd = 0.02,
        Pr = new(0.12, 0.19),              // normal PR 120-200 ms as measured (onset to onset reads ~8 ms longer), up to the block's 200 ms
        QrsWidthScale = new(0.9, 1.25),    // QRS up to ~105 ms: still under the 110 ms of incomplete blocks
        QtcSd = 0.018,
        Qtc = new(0.36, 0.45),             // up to the borderline 450-460 ms (as measured), short of long QT's 470 ms
        ElectrodeShiftSd = 0.25,           // precordial electrodes often a full interspace off (Kania et al. 2014)
        ElectrodeGain = new(0.85, 1.15),
        NonDipolarSd = 0.05,
        EarlyRepolarisationChance = 0.15,  // benign early repolarisation in ~5-15 % of (mostly young) adults
        EarlyRepolarisation = new(0.03, 0.06),

        // Rhythm: rates just over and under the bounds, few and less premature ectopics, finer f waves.
        TachycardiaRate = new(102, 118),
        BradycardiaRate = new(46, 58),
        NormalRate = new(61, 96),
        FibrillatoryAmplitude = new(0.025, 0.06),   // fine AF (f waves under 0.05 mV are common in long-standing AF)
        EctopicRate = new(0.03, 0.08),              // usually one or two ectopic beats in 10 s
        PvcCoupling = new(0.55, 0.72),
        PacCoupling = new(0.65, 0.78),
        PvcAmplitude = new(1.0, 1.6),

        // Morphology: each sign a little past its criterion.
        FirstDegreePr = new(0.205, 0.25),           // measured 0.21-0.26 s: just over 200 ms
        OldMiQScale = new(0.7, 0.9),                // Q waves still 40 ms or more, but shallower
        OldMiTShift = 0.5,
        LvhRBoost = 1.3,
        LvhROffset = new Vec3(0.2, -0.1, 0.3),
        LvhStrainChance = 0.3,
        LvhSokolowLyon = new(3.65, 4.2),
        LvhAtLeastNatural = false,                  // exactly the drawn index, never a subject's larger natural one
        NormalSokolowLyonMax = 3.35,
        HyperkalaemiaT = new(1.4, 2.0),             // T taller by half to double, not by two to three times
        HyperkalaemiaTWidth = 0.034,                // narrow-based but less needle-like
        LongQtQtc = new(0.478, 0.51),
        LongQtTWidth = 0.056,
        AnteriorInjury = new Vec3(0.2, -0.85, -1.1),  // a proximal LAD: superior too, so III and aVF show the reciprocal depression
        StemiSt = new(0.14, 0.26),                  // 0.1-0.3 mV in the territory's leads instead of 0.3-0.7
        HyperacuteT = 0.4,
        Noise = new NoiseOptions(BaselineWander: 0.25, Muscle: 0.035, Mains: 0.03, MotionBurstsPerMinute: 2.0),
    };

    /// <summary>SD of the frontal-plane axis rotation (radians).</summary>
    public double FrontalAxisSd { get; init; } = 0.25;

    /// <summary>SD of the rotations about the other two axes (radians).</summary>
    public double OtherAxisSd { get; init; } = 0.15;

    /// <summary>SD of a subject's resting rate around 74 (women) / 70 (men) bpm.</summary>
    public double RestingRateSd { get; init; } = 7;

    /// <summary>Bounds of a subject's resting rate (bpm).</summary>
    public DrawRange RestingRate { get; init; } = new(61, 94);

    /// <summary>Range of the P amplitude scale.</summary>
    public DrawRange PScale { get; init; } = new(0.7, 1.3);

    /// <summary>Range of the QRS amplitude scale (women x 0.85).</summary>
    public DrawRange QrsScale { get; init; } = new(0.65, 1.25);

    /// <summary>Range of the T amplitude scale.</summary>
    public DrawRange TScale { get; init; } = new(0.7, 1.3);

    /// <summary>Mean PR at 18 years (s); it lengthens with age by <see cref="PrAgeSlope"/> over 72 years.</summary>
    public double PrMean { get; init; } = 0.150;

    /// <summary>PR lengthening from 18 to 90 years (s).</summary>
    public double PrAgeSlope { get; init; } = 0.02;

    /// <summary>SD of the PR interval (s).</summary>
    public double PrSd { get; init; } = 0.015;

    /// <summary>Bounds of a normal PR (s).</summary>
    public DrawRange Pr { get; init; } = new(0.125, 0.190);

    /// <summary>Range of the QRS timing stretch (1 = about 85 ms).</summary>
    public DrawRange QrsWidthScale { get; init; } = new(0.92, 1.15);

    /// <summary>SD of a normal QTc (s) around 415 (women) / 405 (men) ms.</summary>
    public double QtcSd { get; init; } = 0.015;

    /// <summary>Bounds of a normal QTc (s).</summary>
    public DrawRange Qtc { get; init; } = new(0.37, 0.445);

    /// <summary>SD of a precordial electrode's shift towards its neighbour (fraction of the way).</summary>
    public double ElectrodeShiftSd { get; init; } = 0.12;

    /// <summary>Range of a precordial electrode's gain (contact, chest geometry).</summary>
    public DrawRange ElectrodeGain { get; init; } = new(0.92, 1.08);

    /// <summary>SD of each electrode's non-dipolar QRS component (mV).</summary>
    public double NonDipolarSd { get; init; } = 0.03;

    /// <summary>Chance that a subject has benign early repolarisation (diffuse, concordant, no reciprocal change).</summary>
    public double EarlyRepolarisationChance { get; init; }

    /// <summary>Size of the early-repolarisation ST vector (mV): under 0.1 mV in every lead, so no STEMI criterion is met.</summary>
    public DrawRange EarlyRepolarisation { get; init; } = DrawRange.Fixed(0);

    /// <summary>Mean rate of sinus tachycardia (bpm).</summary>
    public DrawRange TachycardiaRate { get; init; } = new(108, 150);

    /// <summary>Mean rate of sinus bradycardia (bpm).</summary>
    public DrawRange BradycardiaRate { get; init; } = new(40, 54);

    /// <summary>Bounds of a normal recording's mean rate (bpm), kept clear of the rate conditions' criteria.</summary>
    public DrawRange NormalRate { get; init; } = new(64, 90);

    /// <summary>Amplitude of AF's fibrillatory waves (mV).</summary>
    public DrawRange FibrillatoryAmplitude { get; init; } = new(0.04, 0.09);

    /// <summary>Chance per sinus beat of an ectopic beat (PVCs, PACs).</summary>
    public DrawRange EctopicRate { get; init; } = new(0.08, 0.2);

    /// <summary>PVC coupling interval as a share of the RR.</summary>
    public DrawRange PvcCoupling { get; init; } = new(0.5, 0.68);

    /// <summary>PAC coupling interval as a share of the RR.</summary>
    public DrawRange PacCoupling { get; init; } = new(0.6, 0.78);

    /// <summary>Size of the PVC's QRS vector.</summary>
    public DrawRange PvcAmplitude { get; init; } = new(1.4, 2.2);

    /// <summary>PR with first-degree AV block (s).</summary>
    public DrawRange FirstDegreePr { get; init; } = new(0.225, 0.32);

    /// <summary>Scale of the old infarct's pathological Q vector.</summary>
    public DrawRange OldMiQScale { get; init; } = DrawRange.Fixed(1);

    /// <summary>Scale of the old infarct's T-vector change.</summary>
    public double OldMiTShift { get; init; } = 1;

    /// <summary>LVH: gain of the main R vector.</summary>
    public double LvhRBoost { get; init; } = 1.6;

    /// <summary>LVH: leftward-posterior shift of the main R vector before the gain.</summary>
    public Vec3 LvhROffset { get; init; } = new(0.4, -0.2, 0.6);

    /// <summary>LVH: chance of the strain pattern (ST-T opposite to the QRS in V5-V6).</summary>
    public double LvhStrainChance { get; init; } = 0.5;

    /// <summary>LVH: Sokolow-Lyon index of the clean QRS (mV).</summary>
    public DrawRange LvhSokolowLyon { get; init; } = new(3.9, 5.2);

    /// <summary>LVH: keep a subject's natural index when it is already larger than the drawn one.</summary>
    public bool LvhAtLeastNatural { get; init; } = true;

    /// <summary>Largest Sokolow-Lyon index without LVH (mV).</summary>
    public double NormalSokolowLyonMax { get; init; } = 3.2;

    /// <summary>Hyperkalaemia: T amplitude factor.</summary>
    public DrawRange HyperkalaemiaT { get; init; } = new(2.2, 3.0);

    /// <summary>Hyperkalaemia: T width (s; normal 0.05).</summary>
    public double HyperkalaemiaTWidth { get; init; } = 0.028;

    /// <summary>Long QT: QTc (s).</summary>
    public DrawRange LongQtQtc { get; init; } = new(0.49, 0.56);

    /// <summary>Long QT: T width (s; normal 0.05).</summary>
    public double LongQtTWidth { get; init; } = 0.062;

    /// <summary>Anterior STEMI: direction of the injury vector (anterior, towards V1-V4; superior, away from III and aVF).</summary>
    public Vec3 AnteriorInjury { get; init; } = new(0.2, -0.7, -1.0);

    /// <summary>STEMI: size of the injury (ST) vector.</summary>
    public DrawRange StemiSt { get; init; } = new(0.2, 0.45);

    /// <summary>STEMI: share of the injury vector added to the T vector (hyperacute T).</summary>
    public double HyperacuteT { get; init; } = 0.8;

    /// <summary>Recording noise when the options give none.</summary>
    public NoiseOptions Noise { get; init; } = NoiseOptions.Default;

    /// <summary>The parameters of <paramref name="difficulty"/>.</summary>
    public static DifficultyParameters For(SimulationDifficulty difficulty) => difficulty switch
    {
        SimulationDifficulty.Standard => Standard,
        SimulationDifficulty.Subtle => Subtle,
        _ => throw new ArgumentOutOfRangeException(nameof(difficulty), difficulty, null),
    };
}

/// <summary>The difficulties' names on the command line and in files: the one list the CLI's allowed values and help read.</summary>
public static class SimulationDifficulties
{
    /// <summary>Lower-case names, in enum order.</summary>
    public static readonly IReadOnlyList<string> Names = [.. Enum.GetValues<SimulationDifficulty>().Select(Name)];

    /// <summary>Help text listing each difficulty.</summary>
    public const string Help = "standard (every sign well past its criterion) or subtle (signs just past their criteria, normals spread up to them, more noise)";

    /// <summary>The lower-case name of <paramref name="difficulty"/>.</summary>
    public static string Name(SimulationDifficulty difficulty) => difficulty.ToString().ToLowerInvariant();

    /// <summary>The difficulty named <paramref name="name"/> (any case), or null.</summary>
    public static SimulationDifficulty? Parse(string? name) =>
        Enum.GetValues<SimulationDifficulty>().Cast<SimulationDifficulty?>().FirstOrDefault(d => string.Equals(Name(d!.Value), name?.Trim(), StringComparison.OrdinalIgnoreCase));
}

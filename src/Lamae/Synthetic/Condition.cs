namespace Lamae.Synthetic;

/// <summary>The conditions the simulator can give an ECG; each has an ICD-10-CM code (<see cref="Conditions.Code"/>).</summary>
public enum Condition
{
    /// <summary>I48.91 unspecified atrial fibrillation: no P waves, irregular RR, fibrillatory waves.</summary>
    AtrialFibrillation,

    /// <summary>R00.0 tachycardia (sinus, 100-150 bpm).</summary>
    SinusTachycardia,

    /// <summary>R00.1 bradycardia (sinus, 38-58 bpm).</summary>
    SinusBradycardia,

    /// <summary>I44.0 first-degree AV block: PR over 200 ms.</summary>
    FirstDegreeAvBlock,

    /// <summary>I44.7 left bundle-branch block: QRS 130-170 ms, broad R in I/V6, QS in V1, discordant T.</summary>
    LeftBundleBranchBlock,

    /// <summary>I45.10 right bundle-branch block: QRS 120-160 ms, rsR' in V1, broad S in I/V6.</summary>
    RightBundleBranchBlock,

    /// <summary>I21.09 acute anterior ST-elevation MI: ST elevation in V1-V4, reciprocal inferior depression.</summary>
    AnteriorStemi,

    /// <summary>I21.19 acute inferior ST-elevation MI: ST elevation in II, III, aVF, reciprocal depression in I, aVL.</summary>
    InferiorStemi,

    /// <summary>I25.2 old myocardial infarction: pathological Q waves in the infarct territory.</summary>
    OldMyocardialInfarction,

    /// <summary>I51.7 cardiomegaly, used for left-ventricular hypertrophy: high QRS voltage (Sokolow-Lyon over 3.5 mV).</summary>
    LeftVentricularHypertrophy,

    /// <summary>E87.5 hyperkalaemia: tall, narrow, peaked T waves.</summary>
    Hyperkalaemia,

    /// <summary>I45.81 long QT syndrome: QTc over 470 ms.</summary>
    LongQt,

    /// <summary>I49.3 premature ventricular complexes: early wide beats without P, compensatory pause.</summary>
    PrematureVentricularComplexes,

    /// <summary>I49.1 premature atrial complexes: early beats with an abnormal P and a normal QRS.</summary>
    PrematureAtrialComplexes,
}

/// <summary>Codes, default prevalences and which conditions cannot occur together.</summary>
public static class Conditions
{
    /// <summary>All conditions.</summary>
    public static readonly IReadOnlyList<Condition> All = Enum.GetValues<Condition>();

    /// <summary>The ICD-10-CM code of a condition, as MIMIC-IV-ECG-Ext-ICD writes codes: without the dot (I4891).</summary>
    public static string Code(this Condition c) => c switch
    {
        Condition.AtrialFibrillation => "I4891",
        Condition.SinusTachycardia => "R000",
        Condition.SinusBradycardia => "R001",
        Condition.FirstDegreeAvBlock => "I440",
        Condition.LeftBundleBranchBlock => "I447",
        Condition.RightBundleBranchBlock => "I4510",
        Condition.AnteriorStemi => "I2109",
        Condition.InferiorStemi => "I2119",
        Condition.OldMyocardialInfarction => "I252",
        Condition.LeftVentricularHypertrophy => "I517",
        Condition.Hyperkalaemia => "E875",
        Condition.LongQt => "I4581",
        Condition.PrematureVentricularComplexes => "I493",
        Condition.PrematureAtrialComplexes => "I491",
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };

    /// <summary>The code with its dot, as clinicians write it (I48.91).</summary>
    public static string DottedCode(this Condition c)
    {
        string code = c.Code();
        return code.Length > 3 ? code[..3] + "." + code[3..] : code;
    }

    /// <summary>A short name for tables and plots.</summary>
    public static string ShortName(this Condition c) => c switch
    {
        Condition.AtrialFibrillation => "AF",
        Condition.SinusTachycardia => "sinus tachycardia",
        Condition.SinusBradycardia => "sinus bradycardia",
        Condition.FirstDegreeAvBlock => "1st-degree AV block",
        Condition.LeftBundleBranchBlock => "LBBB",
        Condition.RightBundleBranchBlock => "RBBB",
        Condition.AnteriorStemi => "anterior STEMI",
        Condition.InferiorStemi => "inferior STEMI",
        Condition.OldMyocardialInfarction => "old MI",
        Condition.LeftVentricularHypertrophy => "LVH",
        Condition.Hyperkalaemia => "hyperkalaemia",
        Condition.LongQt => "long QT",
        Condition.PrematureVentricularComplexes => "PVCs",
        Condition.PrematureAtrialComplexes => "PACs",
        _ => c.ToString(),
    };

    /// <summary>Parses a condition from its code (with or without dot), enum name or short name.</summary>
    public static Condition? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        foreach (Condition c in All)
        {
            if (t.Equals(c.Code(), StringComparison.OrdinalIgnoreCase) || t.Equals(c.DottedCode(), StringComparison.OrdinalIgnoreCase)
                || t.Equals(c.ToString(), StringComparison.OrdinalIgnoreCase) || t.Equals(c.ShortName(), StringComparison.OrdinalIgnoreCase))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>
    /// Default prevalence of each condition per ECG. Chosen so that every code has hundreds of positives in a
    /// few thousand ECGs (probes need positives) and about a third of ECGs are normal.
    /// </summary>
    public static double DefaultPrevalence(this Condition c) => c switch
    {
        Condition.AtrialFibrillation => 0.10,
        Condition.SinusTachycardia => 0.08,
        Condition.SinusBradycardia => 0.08,
        Condition.FirstDegreeAvBlock => 0.07,
        Condition.LeftBundleBranchBlock => 0.06,
        Condition.RightBundleBranchBlock => 0.07,
        Condition.AnteriorStemi => 0.05,
        Condition.InferiorStemi => 0.05,
        Condition.OldMyocardialInfarction => 0.08,
        Condition.LeftVentricularHypertrophy => 0.08,
        Condition.Hyperkalaemia => 0.05,
        Condition.LongQt => 0.06,
        Condition.PrematureVentricularComplexes => 0.07,
        Condition.PrematureAtrialComplexes => 0.06,
        _ => 0,
    };

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> can be present in one ECG.</summary>
    public static bool Compatible(Condition a, Condition b)
    {
        if (a == b)
        {
            return true;
        }

        static bool Pair(Condition a, Condition b, Condition x, Condition y) => (a == x && b == y) || (a == y && b == x);
        Condition[] sinusOnly = [Condition.SinusTachycardia, Condition.SinusBradycardia, Condition.FirstDegreeAvBlock, Condition.PrematureAtrialComplexes];
        if ((a == Condition.AtrialFibrillation && sinusOnly.Contains(b)) || (b == Condition.AtrialFibrillation && sinusOnly.Contains(a)))
        {
            return false;   // AF has no P waves and no sinus rate
        }

        // One rate, one conduction pattern, one infarct, one repolarisation change at a time: labels stay unambiguous.
        return !(Pair(a, b, Condition.SinusTachycardia, Condition.SinusBradycardia)
            || Pair(a, b, Condition.LeftBundleBranchBlock, Condition.RightBundleBranchBlock)
            || Pair(a, b, Condition.AnteriorStemi, Condition.InferiorStemi)
            || Pair(a, b, Condition.Hyperkalaemia, Condition.LongQt)
            || (IsBundleBranchBlock(a) && IsMyocardialOrVoltage(b)) || (IsBundleBranchBlock(b) && IsMyocardialOrVoltage(a))
            || Pair(a, b, Condition.PrematureAtrialComplexes, Condition.PrematureVentricularComplexes));
    }

    private static bool IsBundleBranchBlock(Condition c) => c is Condition.LeftBundleBranchBlock or Condition.RightBundleBranchBlock;

    // A bundle-branch block hides ST elevation, Q waves and voltage criteria: the simulator keeps them apart.
    private static bool IsMyocardialOrVoltage(Condition c) =>
        c is Condition.AnteriorStemi or Condition.InferiorStemi or Condition.OldMyocardialInfarction or Condition.LeftVentricularHypertrophy;
}

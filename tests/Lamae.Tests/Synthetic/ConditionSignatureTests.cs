using Lamae.Core;
using Lamae.Synthetic;

namespace Lamae.Tests.Synthetic;

/// <summary>
/// Each condition's textbook signature, measured by the independent detector in <see cref="EcgMeasurements"/> on
/// 100 noise-free ECGs from 100 different subjects with that condition alone, and its absence in 100 normal ECGs,
/// at both difficulties. Criteria follow the usual clinical thresholds; at least 95 % of ECGs must meet them.
/// </summary>
public class ConditionSignatureTests
{
    private const int PerCondition = 100;
    private const double Required = 0.95;

    // ST elevation in two leads of the territory (mV). The clinical criterion is 0.1 mV (Fourth Universal Definition
    // of MI, 2018; 0.15-0.25 mV in V2-V3); Standard's injury currents clear twice that, Subtle's only the criterion.
    private const double StandardStElevation = 0.2;
    private const double SubtleStElevation = 0.1;

    // Without reciprocal inferior depression (a distal LAD), Subtle's anterior elevation is told from a healthy man's
    // V2-V3 (up to 0.2-0.3 mV at the J point + 60 ms) by its elevation in V1, where normal ST stays near 0.
    private const double V1Elevation = 0.1;

    // Reciprocal inferior depression: Standard's is any; Subtle's must reach the 0.05 mV (0.5 mm) that counts clinically,
    // since its normals with left axis deviation can show a trace of negative ST-T in III.
    private const double SubtleReciprocal = -0.05;

    private static readonly Dictionary<SimulationDifficulty, Lazy<List<EcgMeasured>>> Normal =
        Enum.GetValues<SimulationDifficulty>().ToDictionary(d => d, d => new Lazy<List<EcgMeasured>>(() => Measure(null, d)));

    public static TheoryData<Condition, SimulationDifficulty> All
    {
        get
        {
            var data = new TheoryData<Condition, SimulationDifficulty>();
            foreach (SimulationDifficulty d in Enum.GetValues<SimulationDifficulty>())
            {
                foreach (Condition c in Conditions.All)
                {
                    data.Add(c, d);
                }
            }

            return data;
        }
    }

    public static TheoryData<SimulationDifficulty> Difficulties => new(Enum.GetValues<SimulationDifficulty>());

    [Theory]
    [MemberData(nameof(All))]
    public void Signature_is_present_with_the_condition_and_absent_in_normal_ECGs(Condition condition, SimulationDifficulty difficulty)
    {
        Func<EcgMeasured, bool> signature = Signature(condition, difficulty);

        List<EcgMeasured> with = Measure(condition, difficulty);

        AssertFraction(with, signature, $"{difficulty} {condition.DottedCode()} ECGs meeting its criterion");
        AssertFraction(Normal[difficulty].Value, m => !signature(m), $"{difficulty} normal ECGs not meeting the {condition.DottedCode()} criterion");
    }

    [Theory]
    [MemberData(nameof(Difficulties))]
    public void Normal_ECGs_have_normal_rate_rhythm_and_intervals(SimulationDifficulty difficulty)
    {
        AssertFraction(Normal[difficulty].Value, m => m.HeartRate is >= 60 and <= 100 && m.RrIrregularity < 0.1 && m.PConsistency > 0.8
            && m.QrsDuration < 0.12 && m.PrInterval is >= 0.12 and <= 0.20 && m.Qtc < 0.46 && m.WidePrematureBeats + m.NarrowPrematureBeats == 0,
            $"{difficulty} normal ECGs with normal rate, rhythm, P waves and intervals");
    }

    // The criteria: rate bounds for R00.0/R00.1; irregular RR and no repeating P for I48.91; PR over 200 ms for
    // I44.0; QRS of 120 ms or more for the bundle-branch blocks; ST elevation of 0.2 mV or more in two leads of the
    // territory (Subtle: 0.1 mV) with reciprocal depression for I21.x; Q waves of 40 ms or more in two leads of a territory for I25.2; QTc over 470 ms for I45.81; Sokolow-Lyon over 3.5 mV for
    // I51.7; a narrow (peaked) T for E87.5; early wide or narrow beats for I49.3 / I49.1.
    internal static Func<EcgMeasured, bool> Signature(Condition c, SimulationDifficulty difficulty)
    {
        bool subtle = difficulty == SimulationDifficulty.Subtle;
        double st = subtle ? SubtleStElevation : StandardStElevation;
        return Signature(c, st, subtle ? SubtleReciprocal : 0, subtle);
    }

    private static Func<EcgMeasured, bool> Signature(Condition c, double st, double reciprocal, bool subtle) => c switch
    {
        Condition.SinusTachycardia => m => m.HeartRate > 100 && m.PConsistency > 0.8,
        Condition.SinusBradycardia => m => m.HeartRate < 60 && m.PConsistency > 0.8,
        Condition.AtrialFibrillation => m => m.RrIrregularity > 0.1 && m.PConsistency < 0.6,
        Condition.FirstDegreeAvBlock => m => m.PrInterval > 0.20,
        Condition.LeftBundleBranchBlock or Condition.RightBundleBranchBlock => m => m.QrsDuration >= 0.12,
        Condition.AnteriorStemi => m => AnteriorElevation(m) >= st
            && (Math.Min(m.StElevation[Lead.III], m.StElevation[Lead.aVF]) < reciprocal || (subtle && m.StElevation[Lead.V1] >= V1Elevation)),
        Condition.InferiorStemi => m => InferiorElevation(m) >= st && m.StElevation[Lead.aVL] < 0,
        Condition.OldMyocardialInfarction => m => PathologicalQ(m, Lead.II, Lead.III, Lead.aVF) || PathologicalQ(m, Lead.V1, Lead.V2, Lead.V3, Lead.V4),
        Condition.LeftVentricularHypertrophy => m => m.SokolowLyon > 3.5,
        Condition.Hyperkalaemia => m => m.TPeakHalfWidth < 0.045,
        Condition.LongQt => m => m.Qtc > 0.47,
        Condition.PrematureVentricularComplexes => m => m.WidePrematureBeats >= 1,
        Condition.PrematureAtrialComplexes => m => m.NarrowPrematureBeats >= 1 && m.WidePrematureBeats == 0,
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };

    // Q waves of 40 ms or more in at least two leads of one territory.
    private static bool PathologicalQ(EcgMeasured m, params Lead[] territory) => territory.Count(l => m.QDuration[l] >= 0.04) >= 2;

    internal static double AnteriorElevation(EcgMeasured m) => SecondHighest(m, Lead.V1, Lead.V2, Lead.V3, Lead.V4);

    internal static double InferiorElevation(EcgMeasured m) => SecondHighest(m, Lead.II, Lead.III, Lead.aVF);

    internal static double SecondHighest(EcgMeasured m, params Lead[] leads) => leads.Select(l => m.StElevation[l]).OrderDescending().ElementAt(1);

    internal static List<EcgMeasured> Measure(Condition? c, SimulationDifficulty difficulty) =>
        SimulatorTestData.Sample(c, PerCondition, NoiseOptions.None, difficulty: difficulty).Select(s => EcgMeasurements.Measure(s.Ecg)).ToList();

    private static void AssertFraction(List<EcgMeasured> ms, Func<EcgMeasured, bool> ok, string what)
    {
        double fraction = ms.Count(ok) / (double)ms.Count;
        EcgMeasured? failing = ms.FirstOrDefault(m => !ok(m));
        string st = failing is null ? string.Empty : "; ST: " + string.Join(" ", failing.StElevation.Select(kv => $"{kv.Key}={kv.Value:F2}"));
        Assert.True(fraction >= Required, $"{what}: {fraction:P0} (need {Required:P0}); first failing: {failing}{st}");
    }
}

using Lamae.Core;
using Lamae.Synthetic;

namespace Lamae.Tests.Synthetic;

/// <summary>
/// Each condition's textbook signature, measured by the independent detector in <see cref="EcgMeasurements"/> on
/// 100 noise-free ECGs from 100 different subjects with that condition alone, and its absence in 100 normal ECGs.
/// Criteria follow the usual clinical thresholds; at least 95 % of ECGs must meet them.
/// </summary>
public class ConditionSignatureTests
{
    private const int PerCondition = 100;
    private const double Required = 0.95;

    private static readonly Lazy<List<EcgMeasured>> Normal = new(() => Measure(null));

    public static TheoryData<Condition> All => new(Conditions.All);

    [Theory]
    [MemberData(nameof(All))]
    public void Signature_is_present_with_the_condition_and_absent_in_normal_ECGs(Condition condition)
    {
        Func<EcgMeasured, bool> signature = Signature(condition);

        List<EcgMeasured> with = Measure(condition);

        AssertFraction(with, signature, $"{condition.DottedCode()} ECGs meeting its criterion");
        AssertFraction(Normal.Value, m => !signature(m), $"normal ECGs not meeting the {condition.DottedCode()} criterion");
    }

    [Fact]
    public void Normal_ECGs_have_normal_rate_rhythm_and_intervals()
    {
        AssertFraction(Normal.Value, m => m.HeartRate is >= 60 and <= 100 && m.RrIrregularity < 0.1 && m.PConsistency > 0.8
            && m.QrsDuration < 0.12 && m.PrInterval is >= 0.12 and <= 0.20 && m.Qtc < 0.46 && m.WidePrematureBeats + m.NarrowPrematureBeats == 0,
            "normal ECGs with normal rate, rhythm, P waves and intervals");
    }

    // The criteria: rate bounds for R00.0/R00.1; irregular RR and no repeating P for I48.91; PR over 200 ms for
    // I44.0; QRS of 120 ms or more for the bundle-branch blocks; ST elevation of 0.2 mV or more in two leads of the
    // territory with reciprocal depression for I21.x; Q waves of 40 ms or more in two leads of a territory for I25.2; QTc over 470 ms for I45.81; Sokolow-Lyon over 3.5 mV for
    // I51.7; a narrow (peaked) T for E87.5; early wide or narrow beats for I49.3 / I49.1.
    private static Func<EcgMeasured, bool> Signature(Condition c) => c switch
    {
        Condition.SinusTachycardia => m => m.HeartRate > 100 && m.PConsistency > 0.8,
        Condition.SinusBradycardia => m => m.HeartRate < 60 && m.PConsistency > 0.8,
        Condition.AtrialFibrillation => m => m.RrIrregularity > 0.1 && m.PConsistency < 0.6,
        Condition.FirstDegreeAvBlock => m => m.PrInterval > 0.20,
        Condition.LeftBundleBranchBlock or Condition.RightBundleBranchBlock => m => m.QrsDuration >= 0.12,
        Condition.AnteriorStemi => m => SecondHighest(m, Lead.V1, Lead.V2, Lead.V3, Lead.V4) >= 0.2 && Math.Min(m.StElevation[Lead.III], m.StElevation[Lead.aVF]) < 0,
        Condition.InferiorStemi => m => SecondHighest(m, Lead.II, Lead.III, Lead.aVF) >= 0.2 && m.StElevation[Lead.aVL] < 0,
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

    private static double SecondHighest(EcgMeasured m, params Lead[] leads) => leads.Select(l => m.StElevation[l]).OrderDescending().ElementAt(1);

    private static List<EcgMeasured> Measure(Condition? c) =>
        SimulatorTestData.Sample(c, PerCondition, NoiseOptions.None).Select(s => EcgMeasurements.Measure(s.Ecg)).ToList();

    private static void AssertFraction(List<EcgMeasured> ms, Func<EcgMeasured, bool> ok, string what)
    {
        double fraction = ms.Count(ok) / (double)ms.Count;
        EcgMeasured? failing = ms.FirstOrDefault(m => !ok(m));
        string st = failing is null ? string.Empty : "; ST: " + string.Join(" ", failing.StElevation.Select(kv => $"{kv.Key}={kv.Value:F2}"));
        Assert.True(fraction >= Required, $"{what}: {fraction:P0} (need {Required:P0}); first failing: {failing}{st}");
    }
}

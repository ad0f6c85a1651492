using Lamae.Core;
using Lamae.Synthetic;

namespace Lamae.Tests.Synthetic;

/// <summary>
/// What Subtle changes, measured by the independent detector on noise-free ECGs: each sign sits closer to its criterion
/// than Standard's (that it still meets the criterion is <see cref="ConditionSignatureTests"/>'s job), and normal subjects
/// spread further towards the criteria.
/// </summary>
public class SubtleDifficultyTests
{
    // Subtle's median sign must lie at most this share of Standard's median distance past the criterion.
    private const double CloserBy = 0.7;

    public static TheoryData<Condition> Graded => new(
        Condition.SinusTachycardia, Condition.SinusBradycardia, Condition.FirstDegreeAvBlock, Condition.LeftVentricularHypertrophy,
        Condition.LongQt, Condition.Hyperkalaemia, Condition.AnteriorStemi, Condition.InferiorStemi);

    [Theory]
    [MemberData(nameof(Graded))]
    public void Subtle_signs_lie_closer_to_their_criteria_than_Standard(Condition condition)
    {
        double standard = Median(ConditionSignatureTests.Measure(condition, SimulationDifficulty.Standard).Select(m => PastCriterion(condition, m)));
        double subtle = Median(ConditionSignatureTests.Measure(condition, SimulationDifficulty.Subtle).Select(m => PastCriterion(condition, m)));

        Assert.True(standard > 0 && subtle > 0, $"{condition}: medians past the criterion {standard:F3} (Standard), {subtle:F3} (Subtle)");
        Assert.True(subtle <= CloserBy * standard, $"{condition}: Subtle's median {subtle:F3} past the criterion, Standard's {standard:F3}");
    }

    [Fact]
    public void Subtle_normals_spread_towards_the_criteria_and_into_axis_deviation()
    {
        List<SimulatedEcg> standardEcgs = SimulatorTestData.Sample(null, 100, NoiseOptions.None, difficulty: SimulationDifficulty.Standard);
        List<SimulatedEcg> subtleEcgs = SimulatorTestData.Sample(null, 100, NoiseOptions.None, difficulty: SimulationDifficulty.Subtle);
        var standard = standardEcgs.Select(s => EcgMeasurements.Measure(s.Ecg)).ToList();
        var subtle = subtleEcgs.Select(s => EcgMeasurements.Measure(s.Ecg)).ToList();

        // The upper decile of each measure that a condition's criterion bounds moves up towards that bound.
        foreach ((string name, Func<EcgMeasured, double> f) in new (string, Func<EcgMeasured, double>)[]
        {
            ("heart rate", m => m.HeartRate), ("PR", m => m.PrInterval), ("QTc", m => m.Qtc), ("Sokolow-Lyon", m => m.SokolowLyon),
        })
        {
            double a = Quantile(standard.Select(f), 0.9), b = Quantile(subtle.Select(f), 0.9);
            Assert.True(b > a, $"{name}: 90th percentile of normals {b:F3} (Subtle) against {a:F3} (Standard)");
        }

        Assert.True(Quantile(subtle.Select(m => m.HeartRate), 0.1) < Quantile(standard.Select(m => m.HeartRate), 0.1), "slow normal rates");

        // Frontal QRS axis outside -30..+90 degrees: rare in Standard's normals, present in Subtle's.
        int Deviated(List<SimulatedEcg> ecgs) => ecgs.Count(s => FrontalAxis(s) is < -30 or > 90);
        Assert.True(Deviated(subtleEcgs) >= 3 && Deviated(subtleEcgs) > Deviated(standardEcgs),
            $"normals with axis deviation: {Deviated(subtleEcgs)} (Subtle), {Deviated(standardEcgs)} (Standard)");
    }

    // How far the measured sign lies past the criterion, in the criterion's units (positive: met).
    private static double PastCriterion(Condition c, EcgMeasured m) => c switch
    {
        Condition.SinusTachycardia => m.HeartRate - 100,
        Condition.SinusBradycardia => 60 - m.HeartRate,
        Condition.FirstDegreeAvBlock => m.PrInterval - 0.20,
        Condition.LeftVentricularHypertrophy => m.SokolowLyon - 3.5,
        Condition.LongQt => m.Qtc - 0.47,
        Condition.Hyperkalaemia => 0.045 - m.TPeakHalfWidth,
        Condition.AnteriorStemi => ConditionSignatureTests.AnteriorElevation(m),
        Condition.InferiorStemi => ConditionSignatureTests.InferiorElevation(m),
        _ => throw new ArgumentOutOfRangeException(nameof(c), c, null),
    };

    // The QRS axis in the frontal plane from the net QRS area (R +- 50 ms, sinus beats) in I and aVF, in degrees.
    private static double FrontalAxis(SimulatedEcg s)
    {
        Ecg e = s.Ecg;
        double i = 0, avf = 0;
        int half = (int)(0.05 * e.SamplingRate);
        foreach (Beat b in s.Beats.Where(b => b.Kind == BeatKind.Sinus))
        {
            int r = (int)Math.Round(b.RTime * e.SamplingRate);
            for (int t = Math.Max(0, r - half); t < Math.Min(e.Length, r + half); t++)
            {
                i += e[Lead.I][t];
                avf += e[Lead.aVF][t];
            }
        }

        return Math.Atan2(avf, i) * 180 / Math.PI;
    }

    private static double Median(IEnumerable<double> v) => Quantile(v, 0.5);

    private static double Quantile(IEnumerable<double> v, double q)
    {
        double[] s = [.. v.Order()];
        return s[(int)Math.Round(q * (s.Length - 1))];
    }
}

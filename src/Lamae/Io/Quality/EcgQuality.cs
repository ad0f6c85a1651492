using Lamae.Core;

namespace Lamae.Io.Quality;

/// <summary>Kinds of problems <see cref="EcgQuality"/> reports.</summary>
public enum EcgFindingKind
{
    /// <summary>A present lead that does not move (disconnected or zero-filled).</summary>
    FlatLead,

    /// <summary>Missing (NaN) samples in a lead.</summary>
    MissingSamples,

    /// <summary>QRS-scale amplitudes too small for an ECG in mV: often a wrong gain in the header.</summary>
    LowAmplitude,

    /// <summary>QRS-scale amplitudes too large for an ECG in mV: often a wrong gain in the header.</summary>
    HighAmplitude,

    /// <summary>Limb leads that violate Einthoven's and Goldberger's relations (processed per lead, or mislabelled).</summary>
    LimbLeadInconsistency,

    /// <summary>Not a fault: a check that cannot apply to this ECG (amplitude checks on values standardised, not mV).</summary>
    CheckNotApplicable,
}

/// <summary>One problem found in an ECG.</summary>
public sealed record EcgFinding(EcgFindingKind Kind, Lead? Lead, string Message);

/// <summary>Per-lead statistics of an ECG, as `lamae inspect` shows them.</summary>
public sealed record LeadStatistics(Lead Lead, double Min, double Max, double Mean, double Std, int NaNCount, bool Flat);

/// <summary>
/// Checks an ECG for the faults real data contains (flat leads, wrong gains, inconsistent limb leads) so they
/// are reported rather than hidden. Thresholds were set on the shared real records (CinC, PTB-XL, LUDB).
/// </summary>
public static class EcgQuality
{
    /// <summary>A lead whose standard deviation is below this (mV) is flat: no real ECG lead is that still.</summary>
    public const double FlatStdMillivolts = 1e-3;

    /// <summary>
    /// Median QRS-scale range (mV) below which amplitudes are implausible. Correct-gain CinC records measured
    /// 0.36-1.63 mV; the early-release Georgia headers with gain 4880 instead of 1000 gave 0.08-0.09 mV.
    /// </summary>
    public const double LowAmplitudeMillivolts = 0.2;

    /// <summary>Median QRS-scale range (mV) above which amplitudes are implausible (gain 200 instead of 1000 gave 4-5 mV).</summary>
    public const double HighAmplitudeMillivolts = 3.0;

    /// <summary>
    /// Worst limb-lead relation residual, as a fraction of lead II's RMS, above which leads are inconsistent.
    /// Measured: at most 0.018 on 106 CinC/PTB-XL records, median 0.56 on LUDB (shared/data/ecg/README.md).
    /// </summary>
    public const double LimbResidualFraction = 0.1;

    // Width of the moving average removed before measuring amplitudes: keeps the QRS, drops baseline wander.
    private const double BaselineWindowSeconds = 0.2;

    /// <summary>Per-lead min, max, mean, std (NaN ignored), NaN count and flat flag, for present leads.</summary>
    public static IReadOnlyList<LeadStatistics> Statistics(Ecg ecg)
    {
        ArgumentNullException.ThrowIfNull(ecg);
        var result = new List<LeadStatistics>();
        foreach (Lead lead in ecg.PresentLeads)
        {
            ReadOnlySpan<float> x = ecg[lead];
            double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0, sumSq = 0;
            int n = 0, nan = 0;
            foreach (float v in x)
            {
                if (float.IsNaN(v))
                {
                    nan++;
                    continue;
                }

                min = Math.Min(min, v);
                max = Math.Max(max, v);
                sum += v;
                sumSq += (double)v * v;
                n++;
            }

            double mean = n > 0 ? sum / n : double.NaN;
            double std = n > 0 ? Math.Sqrt(Math.Max(0, (sumSq / n) - (mean * mean))) : double.NaN;
            result.Add(new LeadStatistics(lead, n > 0 ? min : double.NaN, n > 0 ? max : double.NaN, mean, std, nan, n == 0 || std < FlatStdMillivolts));
        }

        return result;
    }

    /// <summary>What <see cref="EcgFindingKind.CheckNotApplicable"/> findings say, after the check's name.</summary>
    public const string NotApplicableToStandardised = "not applicable: values are standardised, not mV";

    /// <summary>
    /// Everything that looks wrong in <paramref name="ecg"/>; empty for a clean recording in mV. For an ECG whose values
    /// are standardised (<see cref="EcgUnit.Standardised"/>), the amplitude and limb-lead checks, which need mV and
    /// the leads' common scale, are not run: one <see cref="EcgFindingKind.CheckNotApplicable"/> finding each says so.
    /// </summary>
    public static IReadOnlyList<EcgFinding> Check(Ecg ecg)
    {
        ArgumentNullException.ThrowIfNull(ecg);
        var findings = new List<EcgFinding>();
        IReadOnlyList<LeadStatistics> stats = Statistics(ecg);
        foreach (LeadStatistics s in stats)
        {
            if (s.Flat)
            {
                string value = double.IsNaN(s.Mean) ? "no valid samples" : $"constant {s.Mean:F3}{(ecg.Metadata.Unit == EcgUnit.Millivolts ? " mV" : string.Empty)}";
                findings.Add(new EcgFinding(EcgFindingKind.FlatLead, s.Lead, $"lead {s.Lead.Name()} is flat ({value}): disconnected or zero-filled"));
            }

            if (s.NaNCount > 0)
            {
                findings.Add(new EcgFinding(EcgFindingKind.MissingSamples, s.Lead, $"lead {s.Lead.Name()} has {s.NaNCount} missing samples"));
            }
        }

        if (ecg.Metadata.Unit == EcgUnit.Standardised)
        {
            findings.Add(new EcgFinding(EcgFindingKind.CheckNotApplicable, null, $"amplitude check: {NotApplicableToStandardised}"));
            findings.Add(new EcgFinding(EcgFindingKind.CheckNotApplicable, null, $"limb-lead relations check: {NotApplicableToStandardised} (each lead scaled on its own)"));
            return findings;
        }

        var moving = stats.Where(s => !s.Flat).Select(s => QrsRange(ecg[s.Lead], ecg.SamplingRate)).Where(r => r > 0).OrderBy(r => r).ToList();
        if (moving.Count > 0)
        {
            double median = moving[moving.Count / 2];
            if (median < LowAmplitudeMillivolts)
            {
                findings.Add(new EcgFinding(EcgFindingKind.LowAmplitude, null,
                    $"amplitudes are implausibly small for mV (median QRS-scale range {median:F3} mV, expected at least {LowAmplitudeMillivolts}): is the header's gain too large?"));
            }
            else if (median > HighAmplitudeMillivolts)
            {
                findings.Add(new EcgFinding(EcgFindingKind.HighAmplitude, null,
                    $"amplitudes are implausibly large for mV (median QRS-scale range {median:F2} mV, expected at most {HighAmplitudeMillivolts}): is the header's gain too small?"));
            }
        }

        if (LimbResidual(ecg) is { } residual && residual.Fraction > LimbResidualFraction)
        {
            findings.Add(new EcgFinding(EcgFindingKind.LimbLeadInconsistency, null,
                $"limb leads are inconsistent: {residual.Relation} misses by {residual.Fraction:P0} of lead II's RMS (consistent recordings: under {LimbResidualFraction:P0})"));
        }

        return findings;
    }

    /// <summary>
    /// The worst of III = II - I, aVR = -(I + II)/2, aVL = I - II/2, aVF = II - I/2 as RMS residual / RMS(II),
    /// or null when a limb lead is absent or flat, or the values are standardised (each lead scaled on its own, so the
    /// relations cannot hold).
    /// </summary>
    public static (string Relation, double Fraction)? LimbResidual(Ecg ecg)
    {
        ArgumentNullException.ThrowIfNull(ecg);
        if (ecg.Metadata.Unit == EcgUnit.Standardised)
        {
            return null;
        }

        Lead[] limb = [Lead.I, Lead.II, Lead.III, Lead.aVR, Lead.aVL, Lead.aVF];
        if (limb.Any(l => !ecg.Has(l)))
        {
            return null;
        }

        ReadOnlySpan<float> i = ecg[Lead.I], ii = ecg[Lead.II], iii = ecg[Lead.III], avr = ecg[Lead.aVR], avl = ecg[Lead.aVL], avf = ecg[Lead.aVF];
        double r3 = 0, rR = 0, rL = 0, rF = 0, rII = 0, meanII = 0;
        int n = 0;
        for (int k = 0; k < ecg.Length; k++)
        {
            if (float.IsNaN(i[k]) || float.IsNaN(ii[k]) || float.IsNaN(iii[k]) || float.IsNaN(avr[k]) || float.IsNaN(avl[k]) || float.IsNaN(avf[k]))
            {
                continue;
            }

            r3 += Sq(iii[k] - (ii[k] - i[k]));
            rR += Sq(avr[k] + ((i[k] + ii[k]) / 2));
            rL += Sq(avl[k] - (i[k] - (ii[k] / 2)));
            rF += Sq(avf[k] - (ii[k] - (i[k] / 2)));
            rII += Sq(ii[k]);
            meanII += ii[k];
            n++;
        }

        if (n == 0)
        {
            return null;
        }

        meanII /= n;
        double rmsII = Math.Sqrt(Math.Max(0, (rII / n) - (meanII * meanII)));
        if (rmsII < FlatStdMillivolts)
        {
            return null;
        }

        (string, double)[] all = [("III = II - I", r3), ("aVR = -(I + II)/2", rR), ("aVL = I - II/2", rL), ("aVF = II - I/2", rF)];
        (string relation, double sq) = all.MaxBy(a => a.Item2);
        return (relation, Math.Sqrt(sq / n) / rmsII);
    }

    private static double Sq(double x) => x * x;

    // 1st-99th percentile range after removing a moving average: the size of the QRS complexes, whatever the wander.
    private static double QrsRange(ReadOnlySpan<float> x, double rate)
    {
        int w = Math.Max(1, (int)Math.Round(BaselineWindowSeconds * rate));
        var hp = new List<float>(x.Length);
        double acc = 0;
        int count = 0;
        var prefix = new double[x.Length + 1];
        for (int k = 0; k < x.Length; k++)
        {
            float v = float.IsNaN(x[k]) ? 0 : x[k];
            prefix[k + 1] = prefix[k] + v;
        }

        for (int k = 0; k < x.Length; k++)
        {
            if (float.IsNaN(x[k]))
            {
                continue;
            }

            int a = Math.Max(0, k - (w / 2)), b = Math.Min(x.Length, a + w);
            acc = (prefix[b] - prefix[a]) / (b - a);
            hp.Add((float)(x[k] - acc));
            count++;
        }

        if (count < 10)
        {
            return 0;
        }

        hp.Sort();
        return hp[(int)(0.99 * (count - 1))] - hp[(int)(0.01 * (count - 1))];
    }
}

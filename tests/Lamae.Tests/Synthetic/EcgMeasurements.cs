using Lamae.Core;

namespace Lamae.Tests.Synthetic;

/// <summary>The interval and amplitude measurements of one ECG, as a simple ECG machine would report them.</summary>
internal sealed record EcgMeasured(
    double HeartRate,
    double RrIrregularity,
    double QrsDuration,
    double PAmplitude,
    double PConsistency,
    double PrInterval,
    double Qtc,
    IReadOnlyDictionary<Lead, double> StElevation,
    IReadOnlyDictionary<Lead, double> QDuration,
    double SokolowLyon,
    double TPeakHalfWidth,
    int WidePrematureBeats,
    int NarrowPrematureBeats,
    int Beats);

/// <summary>
/// Independent, deliberately simple ECG measurements for testing the simulator: they see only the 12 leads in mV
/// (no simulator internals). QRS complexes are found from the summed absolute slope of all leads; intervals are
/// measured on the median beat, as diagnostic ECG machines do; P waves by averaging the pre-QRS window over beats,
/// which keeps time-locked P waves and cancels fibrillatory waves.
/// </summary>
internal static class EcgMeasurements
{
    public static EcgMeasured Measure(Ecg ecg)
    {
        double fs = ecg.SamplingRate;
        int n = ecg.Length;
        float[] slope = Slope(ecg);
        List<int> peaks = QrsPeaks(slope, fs);
        if (peaks.Count < 3)
        {
            throw new InvalidOperationException($"only {peaks.Count} QRS complexes found");
        }

        var rr = peaks.Zip(peaks.Skip(1), (a, b) => (b - a) / fs).ToList();
        double medianRr = Median(rr);
        double rmssd = Math.Sqrt(rr.Zip(rr.Skip(1), (a, b) => (b - a) * (b - a)).DefaultIfEmpty(0).Average());

        // Per-beat QRS width from the slope envelope, and prematurity from the preceding RR.
        var widths = peaks.Select(p => QrsBounds(slope, p, fs)).ToList();
        int wide = 0, narrowPremature = 0;
        for (int i = 1; i < peaks.Count; i++)
        {
            bool premature = rr[i - 1] < 0.85 * medianRr;
            double w = (widths[i].End - widths[i].Onset) / fs;
            if (premature && w >= 0.13)   // ventricular ectopics are 140-170 ms wide; a margin over 120 ms for the envelope's spread
            {
                wide++;
            }
            else if (premature)
            {
                narrowPremature++;
            }
        }

        // The median beat of the dominant (non-premature) beats, aligned on the QRS onset.
        int pre = (int)(0.40 * fs), post = (int)(0.75 * fs);
        var dominantBeats = Enumerable.Range(1, peaks.Count - 1)
            .Where(i => rr[i - 1] >= 0.85 * medianRr && widths[i].Onset - pre >= 0 && widths[i].Onset + post < n).ToList();
        var dominant = dominantBeats.Select(i => widths[i].Onset).ToList();
        if (dominant.Count == 0)
        {
            throw new InvalidOperationException("no complete dominant beat");
        }

        var beat = new Dictionary<Lead, double[]>();
        foreach (Lead l in Leads.All)
        {
            beat[l] = MedianBeat(ecg[l], dominant, pre, post);
        }

        int onset = pre;
        double qrs = Median(dominantBeats.Select(i => (double)(widths[i].End - widths[i].Onset)).ToList()) / fs;
        int end = onset + (int)(qrs * fs);

        // Baseline: the PR segment just before the QRS.
        var baseline = Leads.All.ToDictionary(l => l, l => beat[l][onset - (int)(0.02 * fs)]);

        // P wave: spatial magnitude in the window 300-40 ms before the QRS of the averaged (not median) beat.
        var mean = Leads.All.ToDictionary(l => l, l => MeanBeat(ecg[l], dominant, pre, post));
        // The window ends before the previous beat's T wave can reach it: 55 % of the RR interval, at most 360 ms.
        int pFrom = onset - (int)(Math.Min(0.36, 0.55 * medianRr) * fs), pTo = onset - (int)(0.03 * fs);
        double[] pMag = Enumerable.Range(pFrom, pTo - pFrom).Select(t => Spatial(mean, t, l => mean[l][onset - (int)(0.02 * fs)])).ToArray();
        double pAmp = pMag.Max();
        int pPeak = Array.IndexOf(pMag, pAmp);
        int pStart = pPeak;
        while (pStart > 0 && pMag[pStart] > 0.1 * pAmp)
        {
            pStart--;
        }

        double pr = (pTo - pFrom - pStart + (int)(0.03 * fs)) / fs;

        // P consistency: mean correlation between beats of the pre-QRS window in II and V1. A P wave repeats with
        // every beat; fibrillatory waves and the previous T wave's tail (at irregular RR) do not.
        var windows = dominant.Select(o => Enumerable.Range(pFrom - onset + o, pTo - pFrom)
            .SelectMany(t => new[] { (double)ecg[Lead.II][t], ecg[Lead.V1][t] }).ToArray()).ToList();
        var correlations = new List<double>();
        for (int a = 0; a < windows.Count; a++)
        {
            for (int b = a + 1; b < windows.Count; b++)
            {
                correlations.Add(Correlation(windows[a], windows[b]));
            }
        }

        double pConsistency = correlations.Count == 0 ? double.NaN : correlations.Average();

        // T wave: the largest deflection after the ST segment; its end where it falls below 10 % of its peak.
        int tFrom = end + (int)(0.08 * fs);
        int tTo = Math.Min(onset + post, onset + (int)(0.85 * medianRr * fs));   // before the next beat's P and QRS
        double[] tMag = Enumerable.Range(tFrom, tTo - tFrom).Select(t => Spatial(beat, t, l => baseline[l])).ToArray();
        double tAmp = tMag.Max();
        int tPeak = Array.IndexOf(tMag, tAmp);
        int tEnd = tPeak;
        while (tEnd < tMag.Length - 1 && tMag[tEnd] > 0.1 * tAmp)
        {
            tEnd++;
        }

        int halfLeft = tPeak, halfRight = tPeak;
        while (halfLeft > 0 && tMag[halfLeft] > 0.5 * tAmp)
        {
            halfLeft--;
        }

        while (halfRight < tMag.Length - 1 && tMag[halfRight] > 0.5 * tAmp)
        {
            halfRight++;
        }

        double qt = (tFrom + tEnd - onset) / fs;

        // ST level 60 ms after the J point, against the PR baseline.
        int st = end + (int)(0.06 * fs);
        var stElevation = Leads.All.ToDictionary(l => l, l => beat[l][st] - baseline[l]);

        // Q waves: how long each lead's QRS starts below its baseline (a QS complex: the whole QRS).
        var qDuration = Leads.All.ToDictionary(l => l, l =>
        {
            double[] b = beat[l];
            int t = onset;
            int firstDip = Enumerable.Range(onset, (int)(0.02 * fs)).FirstOrDefault(k => b[k] - baseline[l] < -0.05, -1);
            if (firstDip < 0 || Enumerable.Range(onset, firstDip - onset).Any(k => b[k] - baseline[l] > 0.05))
            {
                return 0.0;   // the QRS starts upwards: no Q
            }

            for (t = firstDip; t < end && b[t] - baseline[l] < 0; t++)
            {
            }

            return (t - onset) / fs;
        });

        // Sokolow-Lyon from the median beat's QRS.
        double sV1 = -Enumerable.Range(onset, end - onset + 1).Min(t => beat[Lead.V1][t] - baseline[Lead.V1]);
        double rV5 = Enumerable.Range(onset, end - onset + 1).Max(t => beat[Lead.V5][t] - baseline[Lead.V5]);
        double rV6 = Enumerable.Range(onset, end - onset + 1).Max(t => beat[Lead.V6][t] - baseline[Lead.V6]);

        return new EcgMeasured(60 / medianRr, rmssd / medianRr, qrs, pAmp, pConsistency, pr, qt / Math.Sqrt(medianRr), stElevation, qDuration,
            Math.Max(0, sV1) + Math.Max(rV5, rV6), (halfRight - halfLeft) / fs / 2, wide, narrowPremature, peaks.Count);
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : 0;
    }

    private static double Spatial(Dictionary<Lead, double[]> beat, int t, Func<Lead, double> baseline) =>
        Math.Sqrt(Leads.All.Sum(l => Math.Pow(beat[l][t] - baseline(l), 2)));

    // Summed absolute slope of all leads over 8 ms of an 8 ms moving average (muscle noise and mains hum average
    // out, QRS slopes do not), smoothed over 20 ms: large only inside QRS complexes.
    private static float[] Slope(Ecg ecg)
    {
        int n = ecg.Length;
        var s = new float[n];
        int k = Math.Max(1, (int)Math.Round(0.008 * ecg.SamplingRate));
        var avg = new double[n];
        foreach (Lead l in ecg.PresentLeads)
        {
            ReadOnlySpan<float> x = ecg[l];
            double run = 0;
            for (int t = 0; t < n; t++)
            {
                run += x[t] - (t >= k ? x[t - k] : 0);
                avg[t] = run / k;
            }

            for (int t = 2 * k; t < n; t++)
            {
                s[t - (k / 2)] += (float)Math.Abs(avg[t] - avg[t - k]);
            }
        }

        int w = Math.Max(1, (int)(0.02 * ecg.SamplingRate));
        var smooth = new float[n];
        double acc = 0;
        for (int t = 0; t < n; t++)
        {
            acc += s[t] - (t >= w ? s[t - w] : 0);
            smooth[Math.Max(0, t - (w / 2))] = (float)(acc / w);
        }

        return smooth;
    }

    private static List<int> QrsPeaks(float[] s, double fs)
    {
        float threshold = 0.2f * s.Order().ElementAt((int)(0.99 * (s.Length - 1)));
        // 280 ms: T waves (peaking 200-250 ms after the R, tall and steep with hyperkalaemia) fall inside it; the
        // next QRS comes no sooner than 300 ms after the last at up to 200 bpm.
        int refractory = (int)(0.28 * fs);
        var peaks = new List<int>();
        for (int t = 1; t < s.Length - 1; t++)
        {
            if (s[t] < threshold || s[t] < s[t - 1] || s[t] < s[t + 1])
            {
                continue;
            }

            if (peaks.Count > 0 && t - peaks[^1] < refractory)
            {
                if (s[t] > s[peaks[^1]])
                {
                    peaks[^1] = t;
                }

                continue;
            }

            peaks.Add(t);
        }

        peaks = DropTWaves(peaks, s, fs);

        // Complexes cut by the record's edges are not measured.
        int margin = (int)(0.3 * fs);
        return peaks.Where(p => p > margin && p < s.Length - margin).ToList();
    }

    // Tall, steep T waves (hyperkalaemia) can pass the threshold. A T wave follows most QRS complexes at the same
    // delay and is weaker; premature beats come sporadically. So weak candidates that follow at least 60 % of the
    // strong ones at one common delay (+-30 ms) are T waves.
    private static List<int> DropTWaves(List<int> peaks, float[] s, double fs)
    {
        if (peaks.Count < 4)
        {
            return peaks;
        }

        float strong = peaks.Select(p => s[p]).Order().ElementAt(peaks.Count * 3 / 4);
        var weak = new List<(int Index, double Delay)>();
        for (int i = 1; i < peaks.Count; i++)
        {
            if (s[peaks[i]] < 0.7f * strong && s[peaks[i - 1]] >= 0.7f * strong)
            {
                weak.Add((i, (peaks[i] - peaks[i - 1]) / fs));
            }
        }

        int strongCount = peaks.Count(p => s[p] >= 0.7f * strong);
        if (weak.Count < 0.6 * strongCount)
        {
            return peaks;
        }

        double delay = weak.Select(w => w.Delay).Order().ElementAt(weak.Count / 2);
        var tWaves = weak.Where(w => Math.Abs(w.Delay - delay) <= 0.03).Select(w => w.Index).ToHashSet();
        return tWaves.Count < 0.6 * strongCount ? peaks : peaks.Where((_, i) => !tWaves.Contains(i)).ToList();
    }

    private static (int Onset, int End) QrsBounds(float[] s, int peak, double fs)
    {
        float level = 0.1f * s[peak];
        int maxSpan = (int)(0.12 * fs);
        int a = peak, b = peak;
        while (a > 0 && peak - a < maxSpan && s[a] > level)
        {
            a--;
        }

        while (b < s.Length - 1 && b - peak < maxSpan && s[b] > level)
        {
            b++;
        }

        return (a, b);
    }

    private static double[] MedianBeat(ReadOnlySpan<float> x, List<int> anchors, int pre, int post)
    {
        var beat = new double[pre + post];
        var column = new double[anchors.Count];
        for (int k = 0; k < beat.Length; k++)
        {
            for (int i = 0; i < anchors.Count; i++)
            {
                column[i] = x[anchors[i] - pre + k];
            }

            beat[k] = Median(column);
        }

        return beat;
    }

    private static double[] MeanBeat(ReadOnlySpan<float> x, List<int> anchors, int pre, int post)
    {
        var beat = new double[pre + post];
        foreach (int a in anchors)
        {
            for (int k = 0; k < beat.Length; k++)
            {
                beat[k] += x[a - pre + k] / anchors.Count;
            }
        }

        return beat;
    }

    private static double Median(IReadOnlyList<double> v)
    {
        double[] s = [.. v.Order()];
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}

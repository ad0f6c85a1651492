namespace Lamae.Evaluation;

/// <summary>
/// One code's records sorted by descending score, cut into groups of equal score: sorted once, then swept once per
/// metric and per bootstrap resample with record weights, so no resample sorts or allocates.
/// </summary>
internal sealed class RankedCode
{
    private readonly int[] records;
    private readonly bool[] labels;
    private readonly int[] groupEnds;

    private RankedCode(int[] records, bool[] labels, int[] groupEnds)
    {
        this.records = records;
        this.labels = labels;
        this.groupEnds = groupEnds;
    }

    /// <summary>Sorts <paramref name="scores"/> (finite, one per record) with their labels.</summary>
    public static RankedCode From(ReadOnlySpan<double> scores, ReadOnlySpan<bool> labels, string what = "scores")
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{what}: {scores.Length} scores for {labels.Length} labels; there must be one score per record", nameof(scores));
        }

        double[] keys = new double[scores.Length];
        int[] order = new int[scores.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            // scikit-learn refuses NaN and infinity too; a non-finite score is a bug upstream, not a rank.
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException($"{what}: score {i} is {scores[i]}; scores must be finite", nameof(scores));
            }

            keys[i] = -scores[i];
            order[i] = i;
        }

        // Ascending in -score is descending in score; the order inside a tie group does not matter, the group is one step.
        Array.Sort(keys, order);
        bool[] sortedLabels = new bool[order.Length];
        var ends = new List<int>();
        for (int i = 0; i < order.Length; i++)
        {
            sortedLabels[i] = labels[order[i]];
            // Exact equality, as numpy.diff in scikit-learn's _binary_clf_curve (0.0 and -0.0 are one score).
            if (i + 1 == order.Length || keys[i + 1] != keys[i])
            {
                ends.Add(i + 1);
            }
        }

        return new RankedCode(order, sortedLabels, [.. ends]);
    }

    /// <summary>
    /// The metric with each record counted <c>weights[record]</c> times (empty: once), which equals the metric of the
    /// sample that repeats each record that often; NaN where the metric itself is undefined. Also gives the weighted
    /// class counts, which decide whether a resample is skipped.
    /// </summary>
    public double Sweep(BinaryMetric metric, ReadOnlySpan<int> weights, out long positives, out long negatives) => metric switch
    {
        BinaryMetric.Auroc => Auroc(weights, out positives, out negatives),
        BinaryMetric.AveragePrecision => AveragePrecision(weights, out positives, out negatives),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "unknown metric"),
    };

    // Trapezoids of the ROC curve with one step per tie group, in integer counts: a group of fp negatives and tp positives
    // after tpBefore positives adds fp * (tpBefore + tp / 2) to the area. This is the Mann-Whitney U with average ranks.
    private double Auroc(ReadOnlySpan<int> weights, out long positives, out long negatives)
    {
        long tpBefore = 0, fpTotal = 0, twiceArea = 0;
        int start = 0;
        foreach (int end in groupEnds)
        {
            GroupCounts(weights, start, end, out long tp, out long fp);
            twiceArea += fp * ((2 * tpBefore) + tp);
            tpBefore += tp;
            fpTotal += fp;
            start = end;
        }

        positives = tpBefore;
        negatives = fpTotal;
        return positives > 0 && negatives > 0 ? twiceArea / (2.0 * positives * negatives) : double.NaN;
    }

    // scikit-learn's step-wise sum over thresholds (one per tie group) of (R_n - R_{n-1}) P_n: a group raises recall by
    // tp / P and has the precision of everything scored at or above it.
    private double AveragePrecision(ReadOnlySpan<int> weights, out long positives, out long negatives)
    {
        long tpSum = 0, fpSum = 0;
        double sum = 0;
        int start = 0;
        foreach (int end in groupEnds)
        {
            GroupCounts(weights, start, end, out long tp, out long fp);
            tpSum += tp;
            fpSum += fp;
            if (tp > 0)
            {
                sum += tp * ((double)tpSum / (tpSum + fpSum));
            }

            start = end;
        }

        positives = tpSum;
        negatives = fpSum;
        return positives > 0 ? sum / positives : double.NaN;
    }

    private void GroupCounts(ReadOnlySpan<int> weights, int start, int end, out long tp, out long fp)
    {
        tp = 0;
        fp = 0;
        for (int i = start; i < end; i++)
        {
            long w = weights.IsEmpty ? 1 : weights[records[i]];
            if (labels[i])
            {
                tp += w;
            }
            else
            {
                fp += w;
            }
        }
    }
}

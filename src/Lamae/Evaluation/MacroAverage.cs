namespace Lamae.Evaluation;

/// <summary>
/// The unweighted mean of a metric over the codes that have at least one positive and one negative record
/// (DESIGN.md section 7), the values it averages, and the codes it skipped with the reason.
/// </summary>
public sealed record MacroAverage(BinaryMetric Metric, double? Value, IReadOnlyList<CodeValue> Codes, IReadOnlyList<SkippedCode> Skipped)
{
    /// <summary>The reason no value exists (no code has both classes), or null when <see cref="Value"/> is set.</summary>
    public string? UndefinedReason => Value is null ? NoCodeReason : null;

    internal const string NoCodeReason = "no code has both a positive and a negative record";

    /// <summary>The macro average of <paramref name="metric"/> of <paramref name="scores"/> (scores[code][record]) against <paramref name="labels"/>.</summary>
    public static MacroAverage Compute(BinaryMetric metric, CodeLabels labels, IReadOnlyList<double[]> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        CodeLabels.Check(labels, scores);
        var values = new List<CodeValue>();
        var skipped = new List<SkippedCode>();
        for (int c = 0; c < labels.Codes.Count; c++)
        {
            var counts = ClassCounts.Of(labels.Labels[c]);
            if (counts.SkipReason is string reason)
            {
                skipped.Add(new SkippedCode(labels.Codes[c], reason));
                continue;
            }

            double value = RankedCode.From(scores[c], labels.Labels[c], $"code {labels.Codes[c]}").Sweep(metric, [], out _, out _);
            values.Add(new CodeValue(labels.Codes[c], value, counts));
        }

        double? mean = values.Count == 0 ? null : values.Sum(v => v.Value) / values.Count;
        return new MacroAverage(metric, mean, values, skipped);
    }
}

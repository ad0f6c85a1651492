using System.Globalization;

namespace Lamae.Evaluation.Probing;

/// <summary>
/// The models x fractions table of a probe as text cells, for the terminal and the report alike: per embeddings folder
/// and fraction the macro value (mean over seeds) with its 95 % interval, and for every folder after the first its paired
/// difference against the first, marked as a win or loss only where the paired interval excludes 0.
/// </summary>
public static class ProbeTable
{
    /// <summary>The header: "embeddings", then one column per fraction.</summary>
    public static IReadOnlyList<string> Header(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ["embeddings", .. result.Protocol.Fractions.Select(f => ProbeRunner.Percent(f) + " labels")];
    }

    /// <summary>One row per embeddings folder (and fine-tune, its kind beside the name): its name, then "value [lower, upper]" per fraction, with the paired difference below for all but the first.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(ProbeResult result, BinaryMetric metric, string lineBreak = "\n")
    {
        ArgumentNullException.ThrowIfNull(result);
        bool kinds = result.Embeddings.Any(e => e.Kind is not null);  // fine-tunes joined the table: say how each row learned the labels
        return result.Embeddings.Select((e, i) => (IReadOnlyList<string>)[kinds ? $"{e.Name} ({e.KindName})" : e.Name, .. result.Protocol.Fractions.Select(f =>
        {
            ProbeScore s = result.Scores.Single(x => x.Embedding == e.Name && x.Fraction == f);
            string cell = Estimate(Pick(s.Auroc, s.Auprc, metric));
            ProbeComparison? c = i == 0 ? null : result.Comparisons.Single(x => x.Embedding == e.Name && x.Fraction == f);
            return c is null ? cell : cell + lineBreak + Difference(Pick(c.Auroc, c.Auprc, metric), result.Embeddings[0].Name);
        })]).ToArray();
    }

    /// <summary>"0.934 [0.912, 0.951]", or "n/a (reason)".</summary>
    public static string Estimate(BootstrapEstimate e) =>
        e.Value is { } v ? F($"{v:F3} [{e.Lower:F3}, {e.Upper:F3}]") : $"n/a ({e.UndefinedReason})";

    /// <summary>"Δ +0.012 [-0.004, 0.028] vs lamae", with "better" or "worse" only where the interval excludes 0.</summary>
    public static string Difference(PairedComparison c, string against)
    {
        if (c.Difference is not { } d)
        {
            return $"Δ n/a ({c.UndefinedReason})";
        }

        string verdict = Verdict(c) switch { > 0 => " better", < 0 => " worse", _ => string.Empty };
        return F($"Δ {d:+0.000;-0.000;0.000} [{c.Lower:+0.000;-0.000;0.000}, {c.Upper:+0.000;-0.000;0.000}] vs {against}{verdict}");
    }

    /// <summary>+1 when the paired interval lies above 0, -1 when below, 0 when it holds 0 (no claim).</summary>
    public static int Verdict(PairedComparison c) => c.Lower > 0 ? 1 : c.Upper < 0 ? -1 : 0;

    /// <summary>The AUROC or the AUPRC of a pair.</summary>
    public static T Pick<T>(T auroc, T auprc, BinaryMetric metric) => metric == BinaryMetric.Auroc ? auroc : auprc;

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

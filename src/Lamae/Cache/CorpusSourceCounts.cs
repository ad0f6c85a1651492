using System.Text.RegularExpressions;
using Lamae.Io.Datasets;

namespace Lamae.Cache;

/// <summary>One source of a corpus cache: records taken, records refused, and the refusals grouped by reason.</summary>
/// <param name="Source">The source's name (the prefix of its record ids).</param>
/// <param name="Records">Records in the cache.</param>
/// <param name="Refused">Records left out (unreadable, rejected by the pipeline, or repeats of an earlier record).</param>
/// <param name="Reasons">Refusals per reason, the ids and numbers in the reason replaced by '…', most frequent first.</param>
public sealed record CorpusSourceCounts(string Source, int Records, int Refused, IReadOnlyList<(string Reason, int Count)> Reasons)
{
    /// <summary>The counts of every source of a cache built from a corpus, in order of first appearance.</summary>
    public static IReadOnlyList<CorpusSourceCounts> Of(EcgCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var order = cache.Records.Select(r => r.RecordId).Concat(cache.Failures.Select(f => f.RecordId))
            .Select(CorpusDataset.SourceOf).Distinct(StringComparer.Ordinal).ToArray();
        return order.Select(source =>
        {
            CacheFailure[] refused = cache.Failures.Where(f => CorpusDataset.SourceOf(f.RecordId) == source).ToArray();
            var reasons = refused.GroupBy(f => Generic(f.Reason), StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
            return new CorpusSourceCounts(source, cache.Records.Count(r => CorpusDataset.SourceOf(r.RecordId) == source), refused.Length, reasons);
        }).ToArray();
    }

    // "the same ECG as ptbxl500/1 (correlation 0.9987 ...)" -> "the same ECG as … (correlation … ...)": one line per kind of reason.
    private static string Generic(string reason) =>
        Regex.Replace(Regex.Replace(reason, @"[A-Za-z0-9_.-]+/[^\s,;:()]+", "…"), @"\d+(\.\d+)?", "…");
}

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Lamae.Bench;

/// <summary>A result column: input megabytes (10^6 bytes) processed per second, from the mean time and a benchmark's byte count.</summary>
public sealed class ThroughputColumn(string name, Func<BenchmarkCase, long> bytesOf) : IColumn
{
    public string Id => nameof(ThroughputColumn) + name;

    public string ColumnName => name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Input MB (10^6 bytes) per second, from the mean time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? ns = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return ns is { } t and > 0 ? (bytesOf(benchmarkCase) / t * 1e3).ToString("F0", System.Globalization.CultureInfo.InvariantCulture) : "-";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

using System.CommandLine;
using Lamae.Io.Datasets;

namespace Lamae.Cli.Commands;

/// <summary>
/// The npy dataset's rate, unit and layout on the command line (`inspect` and `cache build`): each replaces the field
/// of the folder's lamae-npy.json, so a folder without a sidecar (and one that may not be written to) still reads.
/// </summary>
internal sealed class NpySourceOptions
{
    /// <summary>The arrays' sampling rate (named apart from `cache build --rate`, the cache's rate).</summary>
    public Option<double?> Rate { get; } = new("--source-rate")
    {
        Description = $"{DatasetKinds.Npy}: sampling rate of the arrays (Hz), when {NpySidecar.FileName} does not give it",
    };

    /// <summary>What the values measure.</summary>
    public Option<string?> Unit { get; } = new("--unit")
    {
        Description = $"{DatasetKinds.Npy}: what the values measure: {NpySidecar.Millivolts} (default) or {NpySidecar.Standardised} "
            + "(z-scored per lead: amplitude checks and clip then say they do not apply)",
    };

    /// <summary>Which axis is time.</summary>
    public Option<string?> Layout { get; } = new("--layout")
    {
        Description = $"{DatasetKinds.Npy}: {NpySidecar.TimeLeads} for (T, L) arrays or {NpySidecar.LeadsTime} for (L, T) (default: the axis whose length is the lead count holds the leads)",
    };

    public NpySourceOptions()
    {
        Unit.AcceptOnlyFromAmong(NpySidecar.Millivolts, NpySidecar.Standardised);
        Layout.AcceptOnlyFromAmong(NpySidecar.TimeLeads, NpySidecar.LeadsTime);
    }

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> All => [Rate, Unit, Layout];

    /// <summary>The choices made (null when none); a usage error when they are given for another kind than npy.</summary>
    public NpyOptions? Read(ParseResult parse, DatasetKind? kind)
    {
        ArgumentNullException.ThrowIfNull(parse);
        double? rate = parse.GetValue(Rate);
        var options = new NpyOptions
        {
            Rate = rate,
            Unit = NpySidecar.ParseUnit(parse.GetValue(Unit)),
            Layout = NpySidecar.ParseLayout(parse.GetValue(Layout)),
        };
        if (options.IsEmpty)
        {
            return null;
        }

        if (kind != DatasetKind.Npy)
        {
            throw new UsageException($"--source-rate, --unit and --layout describe --dataset {DatasetKinds.Npy} arrays; this dataset is {(kind is { } k ? DatasetKinds.NameOf(k) : "not a folder")}");
        }

        return rate is null or (> 0 and < double.PositiveInfinity) ? options : throw new UsageException($"--source-rate {rate}: must be a positive number of Hz");
    }
}

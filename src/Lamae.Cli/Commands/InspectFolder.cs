using System.Globalization;
using Lamae.Io.Datasets;
using Spectre.Console;

namespace Lamae.Cli.Commands;

/// <summary>`lamae inspect DIR`: a dataset's counts of records, subjects, rates, lead sets, gains, splits and labels.</summary>
internal static class InspectFolder
{
    /// <summary>The --dataset value that detects the kind from the folder's files.</summary>
    public const string DetectKind = "auto";

    public static int Run(CliOutput output, string dir, string kind, bool json, Func<DatasetKind, NpyOptions?> npy)
    {
        DatasetKind k = kind == DetectKind ? DatasetLoader.Detect(dir) : DatasetLoader.ParseKind(kind);
        IEcgDataset dataset = DatasetLoader.Open(k, dir, new DatasetOptions { Npy = npy(k) });
        DatasetSummary s = dataset is Hdf5Dataset h5 ? Hdf5Summary.Of(h5) : DatasetSummary.Of(dataset);
        if (json)
        {
            output.WriteJson(s);
            return ExitCodes.Success;
        }

        IAnsiConsole c = output.Console;
        string I(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
        c.MarkupLine(Markup.Escape(I($"{s.Root} ({s.Name}): {s.Records} records, {s.Subjects} subjects ({s.RecordsWithoutSubject} without), {s.RecordsWithLabels} labelled")));
        if (s.MinDurationSeconds is { } lo && s.MaxDurationSeconds is { } hi)
        {
            c.MarkupLine(Markup.Escape(I($"durations {lo:F1}-{hi:F1} s")));
        }

        Show(c, "sampling rates", s.SamplingRates.Select(r => (I($"{r.Key:G6} Hz"), I($"{r.Value}"))));
        Show(c, "lead sets", s.LeadSets.Select(l => (l.Key, I($"{l.Value}"))));
        // A gain that only a few records use is how wrong headers show up (CinC's 4880/mV and 200/mV beside 1000/mV).
        if (s.Gains.Count > 0)
        {
            Show(c, k == DatasetKind.Npy ? "storage" : "ECG gains (ADC units per unit)", s.Gains.Select(g => (g.Gain,
                I($"{g.Records} records") + (g.Records <= GainUse.Examples ? ": " + string.Join(", ", g.ExampleRecords) : string.Empty))));
        }

        if (s.Sources.Count > 0)
        {
            Show(c, "sources", s.Sources.Select(x => (x.Key, I($"{x.Value}"))));
        }

        if (s.Splits.Count > 0)
        {
            Show(c, "splits", s.Splits.Select(x => (x.Key, I($"{x.Value}"))));
        }

        Show(c, "sex", s.Sexes.Select(x => (x.Key.ToString(), I($"{x.Value}"))));
        if (s.Labels.Count > 0)
        {
            Show(c, $"labels (top 20 of {s.Labels.Count})", s.Labels.Take(20).Select(l => (l.Code, I($"{l.Count} ({l.Fraction:P1})"))));
        }

        foreach (DatasetProblem p in s.Problems)
        {
            output.Error.WriteLine($"lamae inspect: {p}");
        }

        return ExitCodes.Success;
    }

    private static void Show(IAnsiConsole c, string title, IEnumerable<(string Key, string Value)> rows)
    {
        var t = new Table().Border(TableBorder.Simple).Title(title).AddColumn("value").AddColumn("count");
        foreach ((string k, string v) in rows)
        {
            t.AddRow(Markup.Escape(k), Markup.Escape(v));
        }

        c.Write(t);
    }
}

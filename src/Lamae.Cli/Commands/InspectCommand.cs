using System.CommandLine;
using System.Globalization;
using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Io.Inspection;
using Lamae.Io.Quality;
using Spectre.Console;

namespace Lamae.Cli.Commands;

/// <summary>`lamae inspect PATH`: what is in a record (header, leads, statistics, faults) or a dataset folder.</summary>
public static class InspectCommand
{
    public static Command Create(CliOutput output)
    {
        var path = new Argument<string>("PATH") { Description = "A WFDB record (dir/rec, dir/rec.hea or dir/rec.mat) or a dataset folder" };
        var kind = new Option<string>("--dataset")
        {
            Description = "For a folder: its kind (auto detects ptbxl_database.csv, record_list.csv, .h5/.hdf5 files, lamae-npy.json, .mat files)",
            DefaultValueFactory = _ => InspectFolder.DetectKind,
        };
        kind.AcceptOnlyFromAmong([InspectFolder.DetectKind, .. DatasetKinds.OnDisk]);
        var npy = new NpySourceOptions();
        var command = new Command("inspect", "Show a record's header fields, leads, rate, per-lead statistics, checksums and faults; or summarise a dataset folder")
        {
            path,
            kind,
        };
        foreach (Option o in npy.All)
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            string p = parse.GetValue(path)!;
            bool json = parse.GetValue(GlobalOptions.Json);
            if (RecordInspection.HeaderPathOf(p) is { } header)
            {
                RecordReport report = RecordInspection.Inspect(header);
                if (json)
                {
                    output.WriteJson(report);
                }
                else
                {
                    Render(output, report);
                }

                return ExitCodes.Success;
            }

            if (Directory.Exists(p))
            {
                return InspectFolder.Run(output, p, parse.GetValue(kind)!, json, k => npy.Read(parse, k));
            }

            throw new LamaeException($"{p}: no such record or folder (looked for {p}.hea and a folder {p})");
        });
        return command;
    }

    private static void Render(CliOutput output, RecordReport r)
    {
        IAnsiConsole console = output.Console;
        string start = r.BaseTime is null ? string.Empty : $", starts {r.BaseTime} {r.BaseDate}";
        console.MarkupLine($"[bold]{Markup.Escape(r.Name)}[/]  {Markup.Escape(r.Path)}");
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{r.Signals.Count} signals, {r.SamplingRate:G6} Hz, {r.Samples} samples ({r.DurationSeconds:F2} s){(r.Segments is { } n ? $", {n} segments" : string.Empty)}{start}")));

        var signals = new Table().Border(TableBorder.Simple).Title("signals (file order)");
        foreach (string c in new[] { "#", "name", "lead", "file", "format", "gain", "baseline", "units", "adc res/zero", "init", "checksum", "NaN" })
        {
            signals.AddColumn(c);
        }

        int i = 0;
        foreach (SignalReport report in r.Signals)
        {
            Io.Wfdb.WfdbSignalSpec s = report.Spec;
            string format = s.Format.ToString(CultureInfo.InvariantCulture) + (s.SamplesPerFrame > 1 ? $"x{s.SamplesPerFrame}" : string.Empty)
                + (s.Skew != 0 ? $":{s.Skew}" : string.Empty) + (s.ByteOffset != 0 ? $"+{s.ByteOffset}" : string.Empty);
            string gain = s.AdcGain.ToString("G6", CultureInfo.InvariantCulture) + (s.GainWasDefault ? " (default)" : string.Empty);
            string checksum = report.ChecksumStatus switch
            {
                Io.Wfdb.ChecksumStatus.Match => "[green]ok[/]",
                Io.Wfdb.ChecksumStatus.Mismatch => "[red]MISMATCH[/]",
                Io.Wfdb.ChecksumStatus.NotGiven => "none",
                _ => "not checked",
            };
            signals.AddRow(
                (i++).ToString(CultureInfo.InvariantCulture), Markup.Escape(s.Description), Markup.Escape(report.Lead ?? "-"), Markup.Escape(s.FileName), format, gain,
                s.Baseline.ToString("G", CultureInfo.InvariantCulture), Markup.Escape(s.Units),
                $"{s.AdcResolution}/{s.AdcZero}", s.InitialValue?.ToString(CultureInfo.InvariantCulture) ?? "-", checksum,
                report.NaNCount.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(signals);

        var leads = new Table().Border(TableBorder.Simple).Title("leads (canonical order, mV)");
        foreach (string c in new[] { "lead", "min", "max", "mean", "std", "NaN", "flat" })
        {
            leads.AddColumn(c);
        }

        foreach (LeadStatistics s in r.Leads)
        {
            leads.AddRow(s.Lead.Name(), F(s.Min), F(s.Max), F(s.Mean), F(s.Std), s.NaNCount.ToString(CultureInfo.InvariantCulture), s.Flat ? "[red]FLAT[/]" : "no");
        }

        console.Write(leads);
        foreach (EcgFinding f in r.Findings)
        {
            console.MarkupLine($"[yellow]finding:[/] {Markup.Escape(f.Message)}");
        }

        foreach (string w in r.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        }

        foreach (string c in r.Comments.Take(12))
        {
            console.MarkupLine($"[grey]# {Markup.Escape(c)}[/]");
        }

        if (r.Comments.Count > 12)
        {
            console.MarkupLine($"[grey]# ... {r.Comments.Count - 12} more comment lines (--json shows all)[/]");
        }
    }

    private static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("F3", CultureInfo.InvariantCulture);
}

using System.CommandLine;
using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Inspection;
using Lamae.Reporting;

namespace Lamae.Cli.Commands;

/// <summary>`lamae plot RECORD --out FILE.png [--start S]`: the standard 12-lead printout of 10 s of a record.</summary>
public static class PlotCommand
{
    public static Command Create(CliOutput output)
    {
        var record = new Argument<string>("RECORD") { Description = "A WFDB record (dir/rec, dir/rec.hea or dir/rec.mat)" };
        var outPath = new Option<string>("--out") { Description = "PNG file to write (written whole, then renamed into place)", Required = true };
        var start = new Option<double>("--start")
        {
            Description = "Second of the record where the 10 s page starts",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("plot", "Draw a record as the clinical 12-lead printout (25 mm/s, 10 mm/mV, 3x4 leads + lead II rhythm strip) to a PNG")
        {
            record, outPath, start,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(record)!;
            string target = parse.GetValue(outPath)!;
            double startSeconds = parse.GetValue(start);
            if (!target.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"--out {target}: must be a .png file name.");
            }

            if (!(startSeconds >= 0) || double.IsInfinity(startSeconds))
            {
                throw new UsageException($"--start {startSeconds}: must be a number of seconds, 0 or more.");
            }

            string header = RecordInspection.HeaderPathOf(path) ?? throw new LamaeException($"{path}: no such record (looked for {path}.hea)");
            Ecg ecg = EcgReader.Read(header);
            var options = new EcgPlotOptions { StartSeconds = startSeconds };
            EcgPlot.SavePng(ecg, target, options);
            EcgPlotLayout layout = EcgPlot.LayoutFor(options);
            double seconds = Math.Min(EcgPlotLayout.PageSeconds, ecg.Duration - startSeconds);
            Lead[] absent = [.. Leads.All.Where(l => !ecg.Has(l))];
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(new
                {
                    file = target,
                    width = layout.WidthPx,
                    height = layout.HeightPx,
                    startSeconds,
                    seconds,
                    absentLeads = absent.Select(l => l.Name()),
                });
            }
            else
            {
                string missing = absent.Length == 0 ? string.Empty : $", absent: {string.Join(" ", absent.Select(l => l.Name()))}";
                output.Error.WriteLine($"wrote {target}: {layout.WidthPx}x{layout.HeightPx} px, {seconds:0.###} s from {startSeconds:0.###} s{missing}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

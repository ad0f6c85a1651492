using System.CommandLine;
using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Inspection;

namespace Lamae.Cli.Commands;

/// <summary>`lamae export RECORD --csv FILE`: the physical signal as CSV, one column per lead in canonical order.</summary>
public static class ExportCommand
{
    public static Command Create(CliOutput output)
    {
        var record = new Argument<string>("RECORD") { Description = "A WFDB record (dir/rec, dir/rec.hea or dir/rec.mat)" };
        var csv = new Option<string>("--csv") { Description = "CSV file to write ('-' for stdout): a header row of lead names, then mV", Required = true };
        var command = new Command("export", "Write a record's leads (canonical names and order, mV) as CSV") { record, csv };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(record)!;
            string target = parse.GetValue(csv)!;
            string header = RecordInspection.HeaderPathOf(path) ?? throw new LamaeException($"{path}: no such record (looked for {path}.hea)");
            Ecg ecg = EcgReader.Read(header);
            if (target == "-")
            {
                EcgCsvExporter.Write(ecg, output.Out);
                return ExitCodes.Success;
            }

            EcgCsvExporter.Write(ecg, target);
            if (!parse.GetValue(GlobalOptions.Json))
            {
                output.Error.WriteLine($"wrote {target}: {ecg.PresentCount} leads x {ecg.Length} samples at {ecg.SamplingRate} Hz");
            }
            else
            {
                output.WriteJson(new { file = target, leads = ecg.PresentLeads.Select(l => l.Name()), samples = ecg.Length, samplingRate = ecg.SamplingRate });
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

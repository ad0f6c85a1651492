using System.CommandLine;
using Lamae.Evaluation.Probing;
using Lamae.Reporting;

namespace Lamae.Cli.Commands;

/// <summary>`lamae report`: one probe's (or several probes') tables, plots and protocol as report.md, report.html and report.json.</summary>
public static class ReportCommand
{
    /// <summary>The command; it writes through <paramref name="output"/>.</summary>
    public static Command Create(CliOutput output)
    {
        var probes = new Option<string[]>("--probe") { Description = "Folders of 'lamae probe' (repeat the option); one section each", Required = true, AllowMultipleArgumentsPerToken = true };
        var runs = new Option<string[]>("--runs") { Description = "Run folders of 'lamae pretrain' whose curves and final losses to show", AllowMultipleArgumentsPerToken = true };
        var reconstructions = new Option<string[]>("--reconstruction") { Description = "Folders of 'lamae reconstruct' (repeat the option): one table per kept-lead set, every model beside the linear baseline", AllowMultipleArgumentsPerToken = true };
        var outDir = new Option<string>("--out") { Description = $"Folder for {ReportFolder.MarkdownFileName}, {ReportFolder.HtmlFileName}, {ReportFolder.JsonFileName} and the PNG plots", Required = true };
        var command = new Command("report", $"A report of probes ({ProbeFolder.ResultFileName}) and pretraining runs: tables with intervals and paired differences, per-code AUROC, lead weights, curves and the protocol")
        {
            probes, outDir, runs, reconstructions,
        };
        command.SetAction((parse, token) =>
        {
            ReportFolder folder = ReportFolder.Create(parse.GetValue(outDir)!);
            ProbeReport report = ProbeReportBuilder.Build(parse.GetValue(probes)!, parse.GetValue(runs) ?? [], reconstructionDirectories: parse.GetValue(reconstructions) ?? []);
            ReportFiles files = folder.Write(report);
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(new { folder = folder.Directory, probes = report.Probes.Count, runs = report.Runs.Count, html = files.Html, markdown = files.Markdown, json = files.Json, images = files.Images });
            }
            else
            {
                output.Error.WriteLine($"lamae report: {report.Probes.Count} probes, {report.Runs.Count} runs -> {files.Html}");
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}

using System.Text.Json;
using Lamae.Common;
using Lamae.Training;

namespace Lamae.Reporting;

/// <summary>The files of one rendered report, in the order they are written (report.json last).</summary>
public sealed record ReportFiles(IReadOnlyList<string> Images, string Markdown, string Html, string Json);

/// <summary>
/// A report's output folder: the PNG plots, <c>report.md</c> (which links them), <c>report.html</c> (the same content in
/// one self-contained page) and <c>report.json</c> (every number shown), written last, so a folder without it is
/// unfinished. Everything is rendered in memory first: a failure leaves the folder as it was.
/// </summary>
public sealed class ReportFolder
{
    /// <summary>The report's numbers, machine-readable.</summary>
    public const string JsonFileName = "report.json";

    /// <summary>The report in Markdown, images beside it.</summary>
    public const string MarkdownFileName = "report.md";

    /// <summary>The report in one self-contained HTML page.</summary>
    public const string HtmlFileName = "report.html";

    private static readonly JsonSerializerOptions JsonOptions = new(Checkpoint.JsonOptions) { WriteIndented = true };

    private ReportFolder(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Path of a file in the folder.</summary>
    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>A folder to write a report into: refused when it holds one already.</summary>
    public static ReportFolder Create(string directory) => new(OutputFolder.ForNew(directory, JsonFileName, "a report"));

    /// <summary>Renders <paramref name="report"/> (plots, Markdown, HTML, JSON), then writes the files, report.json last.</summary>
    public ReportFiles Write(ProbeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var images = new Dictionary<string, byte[]>(ProbeReportPlots.RenderAll(report), StringComparer.Ordinal);
        foreach (ReconstructionReportSection section in report.Reconstructions)
        {
            foreach ((ReportImage image, string source) in section.Images.Zip(section.Sources))
            {
                images[image.FileName] = File.ReadAllBytes(source);  // the printouts lamae reconstruct drew, copied beside the report
            }
        }

        ReportDocument document = ProbeReportDocument.Build(report);
        string markdown = ReportMarkdown.Render(document);
        string html = ReportHtml.Render(document, images);
        string json = JsonSerializer.Serialize(report, JsonOptions);

        OutputFolder.ForNew(Directory, JsonFileName, "a report");  // again: another run may have finished meanwhile
        System.IO.Directory.CreateDirectory(Directory);
        foreach ((string name, byte[] png) in images)
        {
            AtomicFile.WriteAllBytes(PathOf(name), png);
        }

        AtomicFile.WriteAllText(PathOf(MarkdownFileName), markdown);
        AtomicFile.WriteAllText(PathOf(HtmlFileName), html);
        AtomicFile.WriteAllText(PathOf(JsonFileName), json);
        return new ReportFiles([.. images.Keys.Select(PathOf)], PathOf(MarkdownFileName), PathOf(HtmlFileName), PathOf(JsonFileName));
    }
}

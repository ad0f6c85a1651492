using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Lamae.Common;
using Lamae.Training;

namespace Lamae.Reconstruction;

/// <summary>
/// The folder <c>lamae reconstruct</c> writes: <c>per-record.csv</c> (set, method, record, lead, r, rmse),
/// <c>reconstruction.md</c> (a table per kept set), <c>examples/SET/RECORD.png</c> (the rebuilt ECG over the true one)
/// and <c>.hea</c>/<c>.dat</c> (the rebuilt record as WFDB), and <c>reconstruction.json</c> (the
/// <see cref="ReconstructionReport"/>), written last, so a folder without it is unfinished.
/// </summary>
public sealed class ReconstructionFolder
{
    /// <summary>The <see cref="ReconstructionReport"/>.</summary>
    public const string ReportFileName = "reconstruction.json";

    /// <summary>One row per (set, method, record, rebuilt lead).</summary>
    public const string PerRecordFileName = "per-record.csv";

    /// <summary>The tables, for people.</summary>
    public const string SummaryFileName = "reconstruction.md";

    /// <summary>The folder of printouts and WFDB records, one subfolder per kept set.</summary>
    public const string ExamplesFolderName = "examples";

    private static readonly string[] Columns = ["set", "method", "record", "lead", "r", "rmse"];

    private ReconstructionFolder(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Path of a file in the folder.</summary>
    public string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>A folder to write into: refused when it holds a finished reconstruction.</summary>
    public static ReconstructionFolder Create(string directory) => new(OutputFolder.ForNew(directory, ReportFileName, "a reconstruction"));

    /// <summary>A finished reconstruction folder (reconstruction.json present).</summary>
    public static ReconstructionFolder Open(string directory) => new(OutputFolder.Finished(directory, ReportFileName, "a reconstruction", "lamae reconstruct"));

    /// <summary>What it found.</summary>
    public ReconstructionReport ReadReport() =>
        OutputFolder.ReadJson<ReconstructionReport>(PathOf(ReportFileName), "a reconstruction report", Checkpoint.JsonOptions);

    /// <summary>Writes per-record.csv and reconstruction.md, then reconstruction.json last.</summary>
    internal void Write(ReconstructionReport report, IReadOnlyList<RecordScore> scores)
    {
        System.IO.Directory.CreateDirectory(Directory);
        AtomicFile.WriteText(PathOf(PerRecordFileName), writer =>
        {
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (string column in Columns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (RecordScore s in scores)
            {
                csv.WriteField(s.Set);
                csv.WriteField(s.Method);
                csv.WriteField(s.Record);
                csv.WriteField(s.Lead);
                csv.WriteField(s.R?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(s.Rmse.ToString("R", CultureInfo.InvariantCulture));
                csv.NextRecord();
            }
        });
        AtomicFile.WriteAllText(PathOf(SummaryFileName), ReconstructionTable.Markdown(report));
        AtomicFile.WriteAllText(PathOf(ReportFileName), JsonSerializer.Serialize(report, Checkpoint.JsonOptions));
    }
}

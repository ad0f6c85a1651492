using System.Globalization;
using System.Text.Json;
using Lamae.Common;
using Lamae.Training;

namespace Lamae.Evaluation.Probing;

/// <summary>
/// A probe's output folder: <c>predictions.csv</c> (embeddings, record, patient, code, fraction, seed, label, score: every
/// test prediction, so anyone can recompute every metric) and <c>probe.json</c> (<see cref="ProbeResult"/>), written
/// last, so a folder without it is unfinished.
/// </summary>
public sealed class ProbeFolder
{
    /// <summary>The <see cref="ProbeResult"/>.</summary>
    public const string ResultFileName = "probe.json";

    /// <summary>Every test prediction.</summary>
    public const string PredictionsFileName = "predictions.csv";

    private ProbeFolder(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Path of a file in the folder.</summary>
    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>A folder to write a probe into: refused when it holds one already.</summary>
    public static ProbeFolder Create(string directory) => new(OutputFolder.ForNew(directory, ResultFileName, "a probe"));

    /// <summary>A finished probe folder.</summary>
    public static ProbeFolder Open(string directory) => new(OutputFolder.Finished(directory, ResultFileName, "a probe", "lamae probe"));

    /// <summary>probe.json.</summary>
    public ProbeResult Read() => OutputFolder.ReadJson<ProbeResult>(PathOf(ResultFileName), "a probe result", Checkpoint.JsonOptions);

    /// <summary>Writes predictions.csv, then probe.json.</summary>
    internal void Write(ProbeResult result, ProbePredictions predictions)
    {
        System.IO.Directory.CreateDirectory(Directory);
        AtomicFile.WriteText(PathOf(PredictionsFileName), writer => WritePredictions(writer, predictions));
        AtomicFile.WriteAllText(PathOf(ResultFileName), JsonSerializer.Serialize(result, Checkpoint.JsonOptions));
    }

    private static void WritePredictions(TextWriter writer, ProbePredictions p)
    {
        writer.Write("embeddings,record,patient,code,fraction,seed,label,score\n");
        for (int e = 0; e < p.Embeddings.Count; e++)
        {
            for (int f = 0; f < p.Fractions.Count; f++)
            {
                string fraction = p.Fractions[f].ToString("R", CultureInfo.InvariantCulture);
                for (int s = 0; s < p.Seeds.Count; s++)
                {
                    for (int i = 0; i < p.Test.Count; i++)
                    {
                        EmbeddedRecord r = p.Records[p.Test[i]];
                        for (int k = 0; k < p.Labels.Codes.Count; k++)
                        {
                            writer.Write(Csv(p.Embeddings[e].Name)); writer.Write(',');
                            writer.Write(Csv(r.Record)); writer.Write(',');
                            writer.Write(Csv(r.Patient)); writer.Write(',');
                            writer.Write(Csv(p.Labels.Codes[k])); writer.Write(',');
                            writer.Write(fraction); writer.Write(',');
                            writer.Write(p.Seeds[s].ToString(CultureInfo.InvariantCulture)); writer.Write(',');
                            writer.Write(p.Labels.Labels[k][p.Test[i]] ? '1' : '0'); writer.Write(',');
                            writer.Write(p.Scores[e][f][s][k][i].ToString("R", CultureInfo.InvariantCulture));
                            writer.Write('\n');
                        }
                    }
                }
            }
        }
    }

    // RFC 4180 quoting for ids that hold a comma or a quote (CinC classes hold '|', never a comma, but ids are free text).
    internal static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

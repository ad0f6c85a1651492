using System.Globalization;
using System.Text.Json;
using Lamae.Common;
using Lamae.Evaluation.Probing;
using Lamae.Training;

namespace Lamae.FineTuning;

/// <summary>
/// The folder of one fine-tune (one source, label fraction and seed; every part of the protocol), which
/// <see cref="FineTuner"/> owns: <c>config.json</c> (<see cref="FinetuneConfig"/>), <c>metrics.jsonl</c> (a line per part
/// and epoch), <c>checkpoint.ckpt</c> (network, AdamW, data position, best score so far), <c>best-K.safetensors</c> (part
/// K's best weights under PyTorch names), <c>part-K.json</c> (a finished part), then <c>predictions.csv</c> (every test
/// prediction) and <c>finetune.json</c> (<see cref="FinetuneResult"/>), written last, so a folder without it is unfinished.
/// </summary>
public sealed class FinetuneFolder
{
    /// <summary>The fine-tune's <see cref="FinetuneConfig"/>.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>One <see cref="FinetuneEpoch"/> per line.</summary>
    public const string MetricsFileName = "metrics.jsonl";

    /// <summary>The latest training checkpoint.</summary>
    public const string CheckpointFileName = "checkpoint.ckpt";

    /// <summary>Every test prediction: record, patient, code, label, score.</summary>
    public const string PredictionsFileName = "predictions.csv";

    /// <summary>The <see cref="FinetuneResult"/>, written last.</summary>
    public const string ResultFileName = "finetune.json";

    /// <summary>Validation AUROC and losses per epoch.</summary>
    public const string CurveFileName = "curve.png";

    private FinetuneFolder(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Path of a file in the folder.</summary>
    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Path of part <paramref name="part"/>'s best weights.</summary>
    public string BestWeightsPath(int part) => PathOf($"best-{part + 1}.safetensors");

    /// <summary>Path of finished part <paramref name="part"/>'s summary and test scores.</summary>
    public string PartPath(int part) => PathOf($"part-{part + 1}.json");

    /// <summary>Whether a checkpoint is there to resume from.</summary>
    public bool HasCheckpoint => File.Exists(PathOf(CheckpointFileName));

    /// <summary>Whether finetune.json is there.</summary>
    public bool IsFinished => File.Exists(PathOf(ResultFileName));

    /// <summary>A folder to fine-tune into (it need not exist yet).</summary>
    public static FinetuneFolder At(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return new FinetuneFolder(directory);
    }

    /// <summary>A finished fine-tune.</summary>
    public static FinetuneFolder Open(string directory) =>
        new(OutputFolder.Finished(directory, ResultFileName, "a fine-tune", "lamae finetune"));

    /// <summary>finetune.json.</summary>
    public FinetuneResult ReadResult() =>
        OutputFolder.ReadJson<FinetuneResult>(PathOf(ResultFileName), "a fine-tune result", Checkpoint.JsonOptions);

    /// <summary>A finished part's summary, or null when the part has not finished.</summary>
    public FinetunePart? ReadPart(int part) =>
        File.Exists(PartPath(part)) ? OutputFolder.ReadJson<FinetunePart>(PartPath(part), "a fine-tuned part", Checkpoint.JsonOptions) : null;

    /// <summary>Every epoch line so far; a torn last line (a kill mid-write) is skipped.</summary>
    public IReadOnlyList<FinetuneEpoch> ReadMetrics()
    {
        string path = PathOf(MetricsFileName);
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            return JsonLines.Read<FinetuneEpoch>(path, Checkpoint.JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new LamaeException($"{path}: not a fine-tuning metrics log ({ex.Message})", ex);
        }
    }

    /// <summary>The predictions of predictions.csv: per record id and code, the score.</summary>
    public IReadOnlyDictionary<(string Record, string Code), double> ReadPredictions()
    {
        string path = PathOf(PredictionsFileName);
        var scores = new Dictionary<(string, string), double>();
        using var reader = new StreamReader(path);
        using var csv = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not ["record", "patient", "code", "label", "score"])
        {
            throw new LamaeException($"{path}: not a fine-tune's predictions (header 'record,patient,code,label,score' expected)");
        }

        while (csv.Read())
        {
            if (csv.Parser.Count != 5 || !double.TryParse(csv.GetField(4), NumberStyles.Float, CultureInfo.InvariantCulture, out double score))
            {
                throw new LamaeException($"{path}: line {csv.Parser.RawRow} is not 'record,patient,code,label,score'");
            }

            scores[(csv.GetField(0)!, csv.GetField(2)!)] = score;
        }

        return scores;
    }

    internal void Create() => System.IO.Directory.CreateDirectory(Directory);

    internal void WriteConfig(FinetuneConfig config) =>
        AtomicFile.WriteAllText(PathOf(ConfigFileName), JsonSerializer.Serialize(config, Checkpoint.JsonOptions));

    internal FinetuneConfig? ReadConfig()
    {
        string path = PathOf(ConfigFileName);
        return File.Exists(path) ? OutputFolder.ReadJson<FinetuneConfig>(path, "a fine-tune config", Checkpoint.JsonOptions) : null;
    }

    internal void AppendMetrics(FinetuneEpoch epoch) => JsonLines.Append(PathOf(MetricsFileName), epoch, Checkpoint.JsonOptions);

    internal void WritePart(int part, FinetunePart summary) =>
        AtomicFile.WriteAllText(PartPath(part), JsonSerializer.Serialize(summary, Checkpoint.JsonOptions));

    internal void WriteResult(FinetuneResult result, IReadOnlyDictionary<string, string> patients, Func<string, int, bool> label)
    {
        AtomicFile.WriteText(PathOf(PredictionsFileName), writer =>
        {
            writer.Write("record,patient,code,label,score\n");
            IReadOnlyList<string> codes = result.Config.Labels.Codes;
            foreach (FinetunePart part in result.Parts)
            {
                for (int i = 0; i < part.Test.Count; i++)
                {
                    string record = part.Test[i];
                    for (int k = 0; k < codes.Count; k++)
                    {
                        writer.Write(string.Join(',', ProbeFolder.Csv(record), ProbeFolder.Csv(patients[record]), ProbeFolder.Csv(codes[k]),
                            label(record, k) ? "1" : "0", part.Scores[k][i].ToString("R", CultureInfo.InvariantCulture)));
                        writer.Write('\n');
                    }
                }
            }
        });
        AtomicFile.WriteAllText(PathOf(ResultFileName), JsonSerializer.Serialize(result with { Parts = result.Parts.Select(p => p with { Scores = [] }).ToArray() }, Checkpoint.JsonOptions));
    }
}

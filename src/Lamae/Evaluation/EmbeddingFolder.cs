using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Lamae.Cache;
using Lamae.Common;
using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Training;

namespace Lamae.Evaluation;

/// <summary>What made an embeddings folder, written beside the arrays as embedding.json.</summary>
/// <param name="Run">The run folder the model came from; null for a model that was not trained (<c>random</c>).</param>
/// <param name="Model">The model kind and hyper-parameters.</param>
/// <param name="Cache">The cache the records came from.</param>
/// <param name="Leads">The leads the model saw (those of them each record has).</param>
/// <param name="Records">Rows of embeddings.npy.</param>
/// <param name="Dim">Columns of embeddings.npy.</param>
/// <param name="Windows">Windows of the model's length per record; a record's embedding is their mean.</param>
/// <param name="Skipped">Records not embedded, with the reason (none of the chosen leads present).</param>
/// <param name="LeadWeights">Whether lead_weights.npy (LAMAE's adaptive lead weights, [Records, 12]) is there.</param>
/// <param name="CodeVersion">The Lamae version that wrote it.</param>
/// <param name="Dataset">The cache's source dataset kind (synthetic, ptbxl, cinc, mimic, ...); the label sets read it.</param>
/// <param name="DatasetRoot">The cache's source dataset folder (empty for synthetic): where the PTB-XL and CinC label
/// sets find scp_statements.csv and weights.csv.</param>
/// <param name="Readout">LAMAE: what its representation was made of (<see cref="Lamae.Models.LamaeReadout"/>); null for other models.</param>
/// <param name="Precision">fp32 or bf16: what the model computed in (null in folders written before --precision existed: fp32).</param>
public sealed record EmbeddingProvenance(
    string? Run,
    ModelSpec Model,
    CacheIdentity Cache,
    IReadOnlyList<string> Leads,
    int Records,
    int Dim,
    int Windows,
    IReadOnlyList<CacheFailure> Skipped,
    bool LeadWeights,
    string CodeVersion,
    string? Dataset = null,
    string? DatasetRoot = null,
    string? Readout = null,
    string? Precision = null);

/// <summary>One embedded record: its row in embeddings.npy and what the evaluation needs about it.</summary>
/// <param name="Record">Record id.</param>
/// <param name="Patient">Patient (subject) id: splits and bootstraps group by it.</param>
/// <param name="Fold">Patient-wise fold.</param>
/// <param name="Split">train, validation or test.</param>
/// <param name="Labels">Label codes, ';'-separated in records.csv.</param>
public sealed record EmbeddedRecord(string Record, string Patient, int Fold, string Split, IReadOnlyList<string> Labels)
{
    /// <summary>A cache record as the evaluation sees it (its split in lower case, as records.csv writes it).</summary>
    public static EmbeddedRecord Of(CacheRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new EmbeddedRecord(record.RecordId, record.SubjectId, record.Fold, record.Split.ToString().ToLowerInvariant(), record.Labels);
    }
}

/// <summary>
/// A folder of embeddings that NumPy and pandas open with no Lamae code: <c>embeddings.npy</c> (float32 [N, D]),
/// <c>records.csv</c> (record, patient, fold, split, labels; row i describes row i of the arrays), for LAMAE
/// <c>lead_weights.npy</c> (float32 [N, 12], canonical lead order I ... V6), and <c>embedding.json</c> (what made it),
/// written last, so a folder without it is incomplete.
/// </summary>
public sealed class EmbeddingFolder
{
    /// <summary>float32 [N, D].</summary>
    public const string EmbeddingsFileName = "embeddings.npy";

    /// <summary>float32 [N, 12], LAMAE only.</summary>
    public const string LeadWeightsFileName = "lead_weights.npy";

    /// <summary>One row per embedded record.</summary>
    public const string RecordsFileName = "records.csv";

    /// <summary>The <see cref="EmbeddingProvenance"/>.</summary>
    public const string ProvenanceFileName = "embedding.json";

    private const char LabelSeparator = ';';

    private static readonly string[] Columns = ["record", "patient", "fold", "split", "labels"];

    private EmbeddingFolder(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Path of a file in the folder.</summary>
    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>A folder to write embeddings into: refused when it holds embeddings already.</summary>
    public static EmbeddingFolder Create(string directory) => new(OutputFolder.ForNew(directory, ProvenanceFileName, "embeddings"));

    /// <summary>A complete embeddings folder (embedding.json present).</summary>
    public static EmbeddingFolder Open(string directory) => new(OutputFolder.Finished(directory, ProvenanceFileName, "an embeddings", "lamae embed"));

    /// <summary>What made it.</summary>
    public EmbeddingProvenance ReadProvenance() =>
        OutputFolder.ReadJson<EmbeddingProvenance>(PathOf(ProvenanceFileName), "an embeddings description", Checkpoint.JsonOptions);

    /// <summary>The embeddings, row-major [N, D], checked against embedding.json and records.csv.</summary>
    public (float[] Values, int Rows, int Dim) ReadEmbeddings()
    {
        EmbeddingProvenance p = ReadProvenance();
        (float[] values, int rows, int dim) = NpyFile.Read(PathOf(EmbeddingsFileName));
        if (rows != p.Records || dim != p.Dim)
        {
            throw new LamaeException($"{PathOf(EmbeddingsFileName)}: {rows} x {dim}, but {ProvenanceFileName} says {p.Records} x {p.Dim}");
        }

        return (values, rows, dim);
    }

    /// <summary>LAMAE's lead weights [N, 12], or null for the other models.</summary>
    public float[]? ReadLeadWeights() => ReadProvenance().LeadWeights ? NpyFile.Read(PathOf(LeadWeightsFileName)).Values : null;

    /// <summary>The records, in the order of the arrays' rows.</summary>
    public IReadOnlyList<EmbeddedRecord> ReadRecords()
    {
        CsvTable table = CsvTable.Read(PathOf(RecordsFileName), Columns, [], "the records table of 'lamae embed' (record, patient, fold, split, labels)");
        return Enumerable.Range(0, table.Count).Select(row => new EmbeddedRecord(
            table.Get(row, "record") ?? throw table.CellError(row, "record", "empty"),
            table.Get(row, "patient") ?? throw table.CellError(row, "patient", "empty"),
            Cells.Int(table, row, "fold") ?? throw table.CellError(row, "fold", "empty"),
            table.Get(row, "split") ?? throw table.CellError(row, "split", "empty"),
            (table.Get(row, "labels") ?? string.Empty).Split(LabelSeparator, StringSplitOptions.RemoveEmptyEntries))).ToArray();
    }

    /// <summary>Writes the arrays and the records table, then embedding.json last.</summary>
    internal void Write(EmbeddingProvenance provenance, float[] embeddings, float[]? leadWeights, IReadOnlyList<EmbeddedRecord> records)
    {
        System.IO.Directory.CreateDirectory(Directory);
        NpyFile.Write(PathOf(EmbeddingsFileName), embeddings, provenance.Records, provenance.Dim);
        if (leadWeights is not null)
        {
            NpyFile.Write(PathOf(LeadWeightsFileName), leadWeights, provenance.Records, Leads.Count);
        }

        AtomicFile.WriteText(PathOf(RecordsFileName), writer =>
        {
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
            foreach (string column in Columns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (EmbeddedRecord r in records)
            {
                csv.WriteField(r.Record);
                csv.WriteField(r.Patient);
                csv.WriteField(r.Fold);
                csv.WriteField(r.Split);
                csv.WriteField(string.Join(LabelSeparator, r.Labels));
                csv.NextRecord();
            }
        });
        AtomicFile.WriteAllText(PathOf(ProvenanceFileName), JsonSerializer.Serialize(provenance, Checkpoint.JsonOptions));
    }
}

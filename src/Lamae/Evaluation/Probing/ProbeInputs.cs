using Lamae.Common;
using Lamae.Evaluation.Labels;

namespace Lamae.Evaluation.Probing;

/// <summary>
/// The embeddings folders of one probe, loaded and checked to hold the same cache's records in the same order, and the
/// label set built over those records.
/// </summary>
/// <param name="Embeddings">Per folder, its name, folder, model and run.</param>
/// <param name="Features">Per folder, its embeddings row-major [N, D].</param>
/// <param name="Records">The records, shared by every folder.</param>
/// <param name="Provenance">The first folder's provenance (cache, dataset).</param>
/// <param name="Labels">The label set over <paramref name="Records"/>.</param>
public sealed record ProbeInputs(
    IReadOnlyList<ProbeEmbedding> Embeddings,
    IReadOnlyList<float[]> Features,
    IReadOnlyList<EmbeddedRecord> Records,
    EmbeddingProvenance Provenance,
    LabelSet Labels)
{
    /// <summary>Fine-tunes whose test predictions join the table as further rows (<see cref="ProbeFinetuned"/>); none by default.</summary>
    public IReadOnlyList<ProbeFinetuned> Finetuned { get; init; } = [];

    /// <summary>
    /// Opens every folder in <paramref name="directories"/> and builds <paramref name="labelSet"/>. Throws a
    /// <see cref="LamaeException"/> with one line for a missing or corrupt folder, embeddings of another cache, or a label
    /// set with no usable code.
    /// </summary>
    public static ProbeInputs Load(IReadOnlyList<string> directories, string labelSet, LabelSetOptions? labelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(directories);
        if (directories.Count == 0)
        {
            throw new LamaeException("no embeddings folder given (--embeddings)");
        }

        var embeddings = new List<ProbeEmbedding>();
        var features = new List<float[]>();
        IReadOnlyList<EmbeddedRecord>? records = null;
        EmbeddingProvenance? first = null;
        string? firstDirectory = null;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string directory in directories)
        {
            EmbeddingFolder folder = EmbeddingFolder.Open(directory);
            EmbeddingProvenance provenance = folder.ReadProvenance();
            IReadOnlyList<EmbeddedRecord> rows = folder.ReadRecords();
            (float[] values, int count, _) = folder.ReadEmbeddings();
            if (rows.Count != count)
            {
                throw new LamaeException($"{folder.PathOf(EmbeddingFolder.RecordsFileName)}: {rows.Count} records, but {EmbeddingFolder.EmbeddingsFileName} has {count} rows");
            }

            if (first is null)
            {
                (first, records, firstDirectory) = (provenance, rows, folder.Directory);
            }
            else
            {
                CheckSameRecords(folder.Directory, provenance, rows, firstDirectory!, first, records!);
            }

            string name = Path.GetFileName(folder.Directory.TrimEnd(Path.DirectorySeparatorChar));
            string unique = UniqueNames.Take(name, names);

            embeddings.Add(new ProbeEmbedding(unique, folder.Directory, provenance.Model.Name, provenance.Run, provenance.Dim));
            features.Add(values);
        }

        LabelSet labels = LabelSets.Build(labelSet, records!, first!.Dataset, first.DatasetRoot, labelOptions);
        return new ProbeInputs(embeddings, features, records!, first, labels);
    }

    private static void CheckSameRecords(string directory, EmbeddingProvenance p, IReadOnlyList<EmbeddedRecord> rows, string firstDirectory, EmbeddingProvenance first, IReadOnlyList<EmbeddedRecord> firstRows)
    {
        if (p.Cache.IndexSha256 != first.Cache.IndexSha256)
        {
            throw new LamaeException($"{directory}: embeddings of another cache ({p.Cache.Directory}, index {Short(p.Cache.IndexSha256)}) than {firstDirectory} ({first.Cache.Directory}, index {Short(first.Cache.IndexSha256)}); embed every model from one cache");
        }

        if (rows.Count != firstRows.Count)
        {
            throw new LamaeException($"{directory}: {rows.Count} records, {firstDirectory} has {firstRows.Count} (different --leads skip different records?); embed every model with the same leads");
        }

        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Record != firstRows[i].Record)
            {
                throw new LamaeException($"{directory}: row {i + 1} is record {rows[i].Record}, in {firstDirectory} it is {firstRows[i].Record}; embed every model from one cache with the same leads");
            }
        }
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}

using System.Text.Json;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using CoreLeads = Lamae.Core.Leads;

namespace Lamae.Reporting;

/// <summary>A group of records (those with one kept code, or those with none) and their mean lead weight per lead.</summary>
public sealed record LeadWeightRow(string Group, int Records, IReadOnlyList<double> Weights);

/// <summary>
/// LAMAE's adaptive lead weights (lead_weights.npy of an embeddings folder) averaged over the records of each code the
/// probe kept, plus one row for the records with no kept code: which leads the model leans on for which finding. Every
/// record of the folder counts (train, validation and test), grouped by the probe's label set rebuilt over them.
/// </summary>
/// <param name="Embedding">The embeddings folder's name in the probe.</param>
/// <param name="Folder">The embeddings folder.</param>
/// <param name="Leads">The columns: the 12 leads in canonical order.</param>
/// <param name="Rows">One row per kept code (the probe's order) with records, then the no-code row.</param>
/// <param name="Image">The heatmap's PNG file; null when there is nothing to draw.</param>
/// <param name="Notes">One line per thing not shown, with the reason (a missing folder, a code not rebuilt).</param>
public sealed record LeadWeightSummary(string Embedding, string Folder, IReadOnlyList<string> Leads, IReadOnlyList<LeadWeightRow> Rows, string? Image, IReadOnlyList<string> Notes)
{
    /// <summary>The group of records that have none of the kept codes.</summary>
    public const string NoCodeGroup = "(no kept code)";

    /// <summary>
    /// The summary of the embeddings folder <paramref name="embedding"/> for a probe with <paramref name="labels"/>; null
    /// when the folder has no lead weights (a model other than LAMAE). A folder that cannot be read gives a summary with
    /// no rows and one note saying why, so the report goes on.
    /// </summary>
    public static LeadWeightSummary? Read(ProbeEmbedding embedding, ProbeLabels labels, string image)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(labels);
        try
        {
            EmbeddingFolder folder = EmbeddingFolder.Open(embedding.Folder);
            EmbeddingProvenance provenance = folder.ReadProvenance();
            if (!provenance.LeadWeights)
            {
                return null;
            }

            float[] weights = folder.ReadLeadWeights()!;
            IReadOnlyList<EmbeddedRecord> records = folder.ReadRecords();
            if (weights.Length != records.Count * CoreLeads.Count)
            {
                throw new LamaeException($"{folder.PathOf(EmbeddingFolder.LeadWeightsFileName)}: {weights.Length} values, not {CoreLeads.Count} for each of the {records.Count} records");
            }

            LabelSet set = LabelSets.Build(labels.Name, records, provenance.Dataset, provenance.DatasetRoot, new LabelSetOptions { MinPatients = labels.MinPatients });
            return Compute(embedding.Name, folder.Directory, weights, labels.Codes.Select(c => c.Code).ToArray(), set, image);
        }
        catch (Exception ex) when (ex is LamaeException or IOException or JsonException or UnauthorizedAccessException)
        {
            return new LeadWeightSummary(embedding.Name, embedding.Folder, CoreLeads.Names, [], null,
                [$"lead weights of {embedding.Name} not shown: {OneLine(ex.Message)}"]);
        }
    }

    /// <summary>
    /// The mean of <paramref name="weights"/> (row-major [records, 12]) over the records that have each of
    /// <paramref name="codes"/> in <paramref name="set"/>, then over the records with none of them.
    /// </summary>
    public static LeadWeightSummary Compute(string embedding, string folder, float[] weights, IReadOnlyList<string> codes, LabelSet set, string? image)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(set);
        int n = weights.Length / CoreLeads.Count;
        var rows = new List<LeadWeightRow>();
        var notes = new List<string>();
        bool[] any = new bool[n];
        foreach (string code in codes)
        {
            int k = IndexOf(set.Codes, code);
            if (k < 0)
            {
                notes.Add($"{code}: not among the codes the label set keeps when rebuilt over {folder}'s records; no row");
                continue;
            }

            bool[] has = set.Labels[k];
            for (int r = 0; r < n; r++)
            {
                any[r] |= has[r];
            }

            LeadWeightRow row = Mean(code, weights, n, r => has[r]);
            if (row.Records == 0)
            {
                notes.Add($"{code}: no record of {folder} has it; no row");
            }
            else
            {
                rows.Add(row);
            }
        }

        LeadWeightRow none = Mean(NoCodeGroup, weights, n, r => !any[r]);
        if (none.Records > 0)
        {
            rows.Add(none);
        }

        return new LeadWeightSummary(embedding, folder, CoreLeads.Names, rows, rows.Count > 0 ? image : null, notes);
    }

    private static LeadWeightRow Mean(string group, float[] weights, int n, Func<int, bool> include)
    {
        double[] sum = new double[CoreLeads.Count];
        int count = 0;
        for (int r = 0; r < n; r++)
        {
            if (!include(r))
            {
                continue;
            }

            count++;
            for (int l = 0; l < CoreLeads.Count; l++)
            {
                sum[l] += weights[(r * CoreLeads.Count) + l];
            }
        }

        return new LeadWeightRow(group, count, count == 0 ? sum : sum.Select(s => s / count).ToArray());
    }

    private static int IndexOf(IReadOnlyList<string> codes, string code)
    {
        for (int i = 0; i < codes.Count; i++)
        {
            if (string.Equals(codes[i], code, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string OneLine(string text) =>
        string.Join(" ", text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

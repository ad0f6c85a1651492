using System.Globalization;
using Lamae.Evaluation.Labels;
using Lamae.FineTuning;

namespace Lamae.Evaluation.Probing;

/// <summary>
/// Fine-tunes that join a probe's table (<c>lamae probe --finetuned</c>): folders of <c>lamae finetune</c> grouped by
/// their row name, one folder per label fraction and seed of the probe, their test predictions read from disk and
/// scored with the probe's metrics, intervals and paired differences.
/// </summary>
/// <param name="Embedding">The row as the probe lists it (its kind "fine-tuned" or "from scratch").</param>
/// <param name="Folders">Per fraction and seed of the probe (<c>Folders[fraction][seed]</c>), the fine-tune folder and its finetune.json as read once.</param>
public sealed record ProbeFinetuned(ProbeEmbedding Embedding, (FinetuneFolder Folder, FinetuneResult Result)[][] Folders)
{
    /// <summary>
    /// Opens every folder in <paramref name="directories"/> and groups them by row name; each group needs exactly one
    /// finished fine-tune per fraction and seed of <paramref name="options"/>, in its protocol, on the probe's cache and
    /// label set. Throws a <see cref="LamaeException"/> with one line for anything that does not fit.
    /// </summary>
    public static IReadOnlyList<ProbeFinetuned> Load(IReadOnlyList<string> directories, ProbeOptions options, LabelSet labels, EmbeddingProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(provenance);
        var opened = directories.Select(d =>
        {
            FinetuneFolder folder = FinetuneFolder.Open(d);
            return (Folder: folder, Result: folder.ReadResult());
        }).ToArray();
        var groups = new List<ProbeFinetuned>();
        foreach (var group in opened.GroupBy(x => x.Result.Config.Name, StringComparer.Ordinal))
        {
            var folders = options.Fractions.Select(_ => new (FinetuneFolder Folder, FinetuneResult Result)[options.Seeds]).ToArray();
            foreach ((FinetuneFolder folder, FinetuneResult result) in group)
            {
                FinetuneConfig c = result.Config;
                Check(folder, c, options, labels, provenance);
                int f = options.Fractions.ToList().FindIndex(x => Math.Abs(x - c.Options.Fraction) < 1e-12);
                if (f < 0 || c.Options.Seed < 0 || c.Options.Seed >= options.Seeds)
                {
                    throw new LamaeException(string.Create(CultureInfo.InvariantCulture,
                        $"{folder.Directory}: fine-tuned at fraction {c.Options.Fraction}, seed {c.Options.Seed}, which the probe does not use (--fractions {string.Join(',', options.Fractions)}, --seeds {options.Seeds})"));
                }

                if (folders[f][c.Options.Seed].Folder is { } twice)
                {
                    throw new LamaeException($"{folder.Directory}: the same row ({c.Name}), fraction and seed as {twice.Directory}; give each once or rename one with --name");
                }

                folders[f][c.Options.Seed] = (folder, result);
            }

            var missing = (from f in Enumerable.Range(0, options.Fractions.Count) from s in Enumerable.Range(0, options.Seeds)
                           where folders[f][s].Folder is null select $"--fraction {options.Fractions[f].ToString(CultureInfo.InvariantCulture)} --seed {s}").ToArray();
            if (missing.Length > 0)
            {
                throw new LamaeException($"--finetuned {group.Key}: no fine-tune for {string.Join("; ", missing)} (every row needs the probe's fractions and seeds; run lamae finetune with those, or probe with fewer)");
            }

            FinetuneConfig first = group.First().Result.Config;
            int dim;
            using (Models.PretrainModel model = first.Source.Model.Create())
            {
                dim = model.EmbeddingDim;
            }

            groups.Add(new ProbeFinetuned(new ProbeEmbedding(group.Key, group.First().Folder.Directory, first.Source.Model.Name, first.Source.Run, dim, first.Source.Kind,
                folders.SelectMany(f => f).Select(f => f.Folder.Directory).ToArray()), folders));
        }

        return groups;
    }

    /// <summary>
    /// Fills <paramref name="scores"/> (<c>[fraction][seed][code][test position]</c>) from the predictions on disk and
    /// returns one fit summary per fraction, seed and part.
    /// </summary>
    public IReadOnlyList<ProbeFitSummary> Fill(double[][][][] scores, IReadOnlyList<int> test, IReadOnlyList<EmbeddedRecord> records, LabelSet labels, ProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var fits = new List<ProbeFitSummary>();
        for (int f = 0; f < Folders.Length; f++)
        {
            for (int s = 0; s < Folders[f].Length; s++)
            {
                (FinetuneFolder folder, FinetuneResult result) = Folders[f][s];
                IReadOnlyDictionary<(string Record, string Code), double> predicted = folder.ReadPredictions();
                for (int k = 0; k < labels.Codes.Count; k++)
                {
                    for (int i = 0; i < test.Count; i++)
                    {
                        string record = records[test[i]].Record;
                        scores[f][s][k][i] = predicted.TryGetValue((record, labels.Codes[k]), out double p) ? p
                            : throw new LamaeException($"{folder.PathOf(FinetuneFolder.PredictionsFileName)}: no prediction of {labels.Codes[k]} for test record {record}");
                    }
                }

                fits.AddRange(result.Parts.Select(p => new ProbeFitSummary(Embedding.Name, options.Fractions[f], s, p.Part, p.TrainPatients, p.TrainRecords,
                    [], p.Constant.Select(c => new SkippedCode(c, "one class among the labelled training records; predicts the training prevalence for every record")).ToArray(),
                    null, 0, p.Seconds)));
            }
        }

        return fits;
    }

    private static void Check(FinetuneFolder folder, FinetuneConfig c, ProbeOptions options, LabelSet labels, EmbeddingProvenance provenance)
    {
        if (c.Cache.IndexSha256 != provenance.Cache.IndexSha256)
        {
            throw new LamaeException($"{folder.Directory}: fine-tuned on another cache ({c.Cache.Directory}) than the embeddings ({provenance.Cache.Directory})");
        }

        if (c.Options.Protocol != options.Protocol || (options.Protocol == ProbeProtocol.Cv && c.Options.CvParts != options.CvParts))
        {
            throw new LamaeException($"{folder.Directory}: fine-tuned with --protocol {Describe(c.Options.Protocol, c.Options.CvParts)}, the probe uses {Describe(options.Protocol, options.CvParts)}; the test records must be the same");
        }

        if (c.Labels.Name != labels.Name || !c.Labels.Codes.SequenceEqual(labels.Codes, StringComparer.Ordinal))
        {
            throw new LamaeException($"{folder.Directory}: fine-tuned on {c.Labels.Name} ({c.Labels.Codes.Count} codes), the probe's label set is {labels.Name} ({labels.Codes.Count} codes); use the same --labels and --min-patients");
        }
    }

    private static string Describe(ProbeProtocol protocol, int parts) =>
        protocol == ProbeProtocol.Cv ? $"cv --cv-folds {parts}" : "folds";
}

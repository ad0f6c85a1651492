using System.Globalization;
using System.Text.RegularExpressions;
using Lamae.Cache;
using Lamae.Common;
using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Datasets;
using Lamae.Io.Wfdb;
using Lamae.Models;
using Lamae.Reporting;
using Lamae.Signal;
using Lamae.Training;
using static TorchSharp.torch;

namespace Lamae.Reconstruction;

/// <summary>Where a reconstruction stands: items done of all, and the stage ("fitting the linear maps", "rebuilding").</summary>
public readonly record struct ReconstructionProgress(int Done, int Total, string Stage);

/// <summary>What a reconstruction wrote.</summary>
/// <param name="Folder">Where.</param>
/// <param name="Report">What reconstruction.json holds.</param>
public sealed record ReconstructionResult(ReconstructionFolder Folder, ReconstructionReport Report);

/// <summary>
/// Missing-lead reconstruction (<c>lamae reconstruct</c>): for each kept-lead set, a pretrained masked model's decoder
/// rebuilds the other leads (<see cref="ILeadReconstructor"/>) and, beside it always, the classic baseline, a
/// <see cref="LinearLeadMap"/> fitted on the training split of a fit cache. Both are scored per lead against the true
/// standardised signal (<see cref="LeadAgreement"/>); the first records of each set are printed over the truth and
/// written as WFDB. Eval mode, inference mode, cache order.
/// </summary>
public static partial class Reconstructor
{
    /// <summary>The models whose decoder can rebuild leads: the masked ones (mae-lead only from a lead's identity and position).</summary>
    public static IReadOnlyList<string> CapableModels { get; } = [ModelNames.Lamae, ModelNames.MaeLead, ModelNames.MaeJoint];

    // 1000 ADC units per standardised unit: 0.001 SD steps over +-32.7 SD in format 16.
    private const double WfdbGain = 1000;
    private const string WfdbUnits = Io.EcgReader.StandardisedUnits;

    // Batches that fit the normal equations: only sums of products, so a larger batch costs only memory.
    private const int FitBatchSize = 64;

    /// <summary>
    /// Rebuilds the records of the chosen split (<see cref="ReconstructionOptions.Split"/>) of <paramref name="cache"/> (the centre window of the model's
    /// length), with linear maps fitted on the training split of <paramref name="fitCache"/>. When the two caches are the
    /// same, only validation and test records can be evaluated.
    /// </summary>
    public static ReconstructionResult FromCache(PretrainModel model, string run, ModelSpec spec, EcgCache cache, EcgCache fitCache,
        ReconstructionFolder folder, ReconstructionOptions options, IProgress<ReconstructionProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ILeadReconstructor net = Check(model, run, spec, fitCache, folder, options);
        Pretrainer.CheckCache(cache, model.Config, model.Config.Samples);
        bool sameCache = SameCache(cache, fitCache);
        ReconstructionSplit split = options.Split ?? (sameCache ? ReconstructionSplit.Eval : ReconstructionSplit.All);
        if (sameCache && split is ReconstructionSplit.Train or ReconstructionSplit.All)
        {
            throw new LamaeException($"--split {Name(split)}: the linear maps are fitted on the training split of {cache.Directory}; evaluate its validation and test records (--split eval), or fit on another cache (--fit-cache)");
        }

        int[] chosen = Filter(split).Apply(cache.Records);
        int count = Math.Min(chosen.Length, options.Limit ?? int.MaxValue);
        if (count == 0)
        {
            throw new LamaeException($"{cache.Directory}: no record in --split {Name(split)}");
        }

        var evaluation = new Evaluation(net, model, run, spec, options, folder);
        IReadOnlyList<LinearLeadMap> maps = FitMaps(fitCache, options.Sets, progress, count, cancel);
        int fitTotal = fitCache.Records.Count(r => r.Split == DatasetSplit.Train);
        using var loader = new EcgBatchLoader(cache, Filter(split), LoaderOptions.Evaluation(options.BatchSize, model.Config.Samples));
        int done = 0;
        foreach (EcgBatch batch in loader.Epoch(0))
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                cancel.ThrowIfCancellationRequested();
                int take = Math.Min(batch.Count, count - done);
                evaluation.Add(batch.Records.Take(take).Select(r => r.RecordId).ToArray(), batch.Signals.narrow(0, 0, take), batch.LeadMask.narrow(0, 0, take), maps);
                done += take;
                progress?.Report(new ReconstructionProgress(fitTotal + done, fitTotal + count, "rebuilding"));
            }

            if (done >= count)
            {
                break;
            }
        }

        return evaluation.Finish(maps, CacheIdentity.Of(cache), Name(split), null, CacheIdentity.Of(fitCache), done);
    }

    /// <summary>
    /// Rebuilds one WFDB record, read and preprocessed with the default pipeline at the model's rate and length (one
    /// window), with linear maps fitted on the training split of <paramref name="fitCache"/>.
    /// </summary>
    public static ReconstructionResult FromRecord(PretrainModel model, string run, ModelSpec spec, string record, EcgCache fitCache,
        ReconstructionFolder folder, ReconstructionOptions options, IProgress<ReconstructionProgress>? progress = null, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(record);
        ILeadReconstructor net = Check(model, run, spec, fitCache, folder, options);
        ModelConfig c = model.Config;
        PreprocessingResult pre = PreprocessingPipeline.Default(c.SampleRate, c.Samples / (double)c.SampleRate).Apply(EcgReader.Read(record));
        Ecg ecg = pre.Ecg;
        if (ecg.Length != c.Samples)
        {
            throw new LamaeException($"{record}: {ecg.Length} samples after preprocessing, the model needs {c.Samples}");
        }

        bool[] present = Leads.All.Select(l => ecg.Has(l) && !pre.FlatLeads.Contains(l)).ToArray();
        foreach (KeptLeadSet set in options.Sets)
        {
            foreach (Lead lacking in set.Kept.Where(l => !present[(int)l]))
            {
                throw new LamaeException($"{record}: lead {lacking.Name()} of --keep {set.Name} is absent or flat in this record; keep leads it has ({string.Join(",", Leads.All.Where(l => present[(int)l]).Select(l => l.Name()))})");
            }
        }

        var evaluation = new Evaluation(net, model, run, spec, options, folder);
        IReadOnlyList<LinearLeadMap> maps = FitMaps(fitCache, options.Sets, progress, 1, cancel);
        using (var scope = NewDisposeScope())
        {
            Tensor signals = tensor(ecg.ToArray(), [1, Leads.Count, c.Samples]);
            evaluation.Add([ecg.Metadata.RecordId], signals, tensor(present, [1, Leads.Count]), maps);
        }

        return evaluation.Finish(maps, null, null, Path.GetFullPath(record), CacheIdentity.Of(fitCache), 1);
    }

    /// <summary>The command-line name of a split.</summary>
    public static string Name(ReconstructionSplit split) => split.ToString().ToLowerInvariant();

    private static ILeadReconstructor Check(PretrainModel model, string run, ModelSpec spec, EcgCache fitCache, ReconstructionFolder folder, ReconstructionOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(fitCache);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (model is not ILeadReconstructor net || model.Config.NormPixLoss)
        {
            string why = model is ILeadReconstructor ? "was trained to predict per-patch normalised shapes (NormPixLoss), not signals" : "has no decoder";
            throw new LamaeException($"{run}: a {spec.Name} model {why}, so it cannot rebuild leads; reconstruct needs a run of {string.Join(", ", CapableModels)}");
        }

        Pretrainer.CheckCache(fitCache, model.Config, model.Config.Samples);
        return net;
    }

    private static bool SameCache(EcgCache a, EcgCache b) =>
        string.Equals(Path.GetFullPath(a.Directory), Path.GetFullPath(b.Directory), StringComparison.Ordinal)
        || string.Equals(a.Manifest.IndexSha256, b.Manifest.IndexSha256, StringComparison.Ordinal);

    private static RecordFilter Filter(ReconstructionSplit split) => split switch
    {
        ReconstructionSplit.Eval => RecordFilter.Split(DatasetSplit.Validation, DatasetSplit.Test),
        ReconstructionSplit.Test => RecordFilter.Split(DatasetSplit.Test),
        ReconstructionSplit.Validation => RecordFilter.Split(DatasetSplit.Validation),
        ReconstructionSplit.Train => RecordFilter.Split(DatasetSplit.Train),
        _ => RecordFilter.All,
    };

    // One pass over the fit cache's training split feeds every set's normal equations.
    private static LinearLeadMap[] FitMaps(EcgCache fitCache, IReadOnlyList<KeptLeadSet> sets, IProgress<ReconstructionProgress>? progress, int evaluated, CancellationToken cancel)
    {
        var fitters = sets.Select(s => new LinearLeadMapFitter(s)).ToArray();
        using var loader = new EcgBatchLoader(fitCache, RecordFilter.Split(DatasetSplit.Train), LoaderOptions.Evaluation(FitBatchSize));
        if (loader.Count == 0)
        {
            throw new LamaeException($"{fitCache.Directory}: no training record to fit the linear maps on; give a cache with a training split (--fit-cache)");
        }

        int done = 0;
        foreach (EcgBatch batch in loader.Epoch(0))
        {
            using (batch)
            {
                cancel.ThrowIfCancellationRequested();
                foreach (LinearLeadMapFitter f in fitters)
                {
                    f.Add(batch.Signals, batch.LeadMask);
                }

                done += batch.Count;
                progress?.Report(new ReconstructionProgress(done, loader.Count + evaluated, "fitting the linear maps"));
            }
        }

        return fitters.Select(f => f.Solve()).ToArray();
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex NotFileNameSafe();

    /// <summary>One evaluation under way: score sums per (set, method, lead), per-record rows and the examples written.</summary>
    private sealed class Evaluation(ILeadReconstructor net, PretrainModel model, string run, ModelSpec spec, ReconstructionOptions options, ReconstructionFolder folder)
    {
        private readonly Dictionary<(int Set, int Method, Lead Lead), Sums> sums = [];
        private readonly List<RecordScore> scores = [];
        private readonly List<ReconstructionExample> examples = [];
        private readonly int[] withKept = new int[options.Sets.Count];
        private readonly int[] skipped = new int[options.Sets.Count];
        private string[] Methods => [spec.Name, ReconstructionNotes.LinearMethod];

        /// <summary>ECGs <paramref name="ids"/>: signals [B, 12, T], present [B, 12].</summary>
        public void Add(string[] ids, Tensor signals, Tensor present, IReadOnlyList<LinearLeadMap> maps)
        {
            int t = (int)signals.shape[2];
            float[] truth = signals.contiguous().data<float>().ToArray();
            bool[] has = present.to(ScalarType.Bool).contiguous().data<bool>().ToArray();
            Tensor ids12 = LamaeModel.CanonicalLeadIds(1);
            for (int s = 0; s < options.Sets.Count; s++)
            {
                KeptLeadSet set = options.Sets[s];
                int[] rows = Enumerable.Range(0, ids.Length).Where(b => set.Kept.All(l => has[(b * Leads.Count) + (int)l])).ToArray();
                skipped[s] += ids.Length - rows.Length;
                withKept[s] += rows.Length;
                if (rows.Length == 0)
                {
                    continue;
                }

                float[] rebuilt;
                using (inference_mode())
                {
                    Tensor index = tensor(rows.Select(r => (long)r).ToArray());
                    Tensor visible = tensor(set.Mask()).unsqueeze(0).expand(rows.Length, Leads.Count);  // [B', 12]
                    rebuilt = net.reconstruct(signals.index_select(0, index), ids12.expand(rows.Length, Leads.Count), visible).contiguous().data<float>().ToArray();
                }

                for (int i = 0; i < rows.Length; i++)
                {
                    int b = rows[i];
                    ReadOnlySpan<float> x = truth.AsSpan(b * Leads.Count * t, Leads.Count * t);
                    float[][] predictions = [rebuilt.AsSpan(i * Leads.Count * t, Leads.Count * t).ToArray(), maps[s].Predict(x, t)];
                    foreach (Lead lead in set.Missing.Where(l => has[(b * Leads.Count) + (int)l]))
                    {
                        for (int m = 0; m < predictions.Length; m++)
                        {
                            LeadAgreement a = LeadAgreement.Of(x.Slice((int)lead * t, t), predictions[m].AsSpan((int)lead * t, t));
                            Sums acc = sums.TryGetValue((s, m, lead), out Sums? found) ? found : sums[(s, m, lead)] = new Sums();
                            acc.Add(a);
                            scores.Add(new RecordScore(set.Name, Methods[m], ids[b], lead.Name(), a.R, a.Rmse));
                        }
                    }

                    if (examples.Count(e => e.Kept == set.Name) < options.Examples)
                    {
                        WriteExample(set, ids[b], x.ToArray(), has.AsSpan(b * Leads.Count, Leads.Count).ToArray(), predictions[0], t);
                    }
                }
            }
        }

        public ReconstructionResult Finish(IReadOnlyList<LinearLeadMap> maps, CacheIdentity? cache, string? split, string? record, CacheIdentity fitCache, int records)
        {
            var sets = new List<KeptSetReport>();
            for (int s = 0; s < options.Sets.Count; s++)
            {
                KeptLeadSet set = options.Sets[s];
                MethodReport[] methods = Enumerable.Range(0, Methods.Length).Select(m =>
                {
                    LeadScore[] leads = set.Missing.Select(l => sums.TryGetValue((s, m, l), out Sums? a)
                        ? a.Score(l)
                        : new LeadScore(l.Name(), Group(l), 0, 0, null, null)).ToArray();
                    return new MethodReport(Methods[m], leads, GroupMean(leads, LeadGroup.Limb), GroupMean(leads, LeadGroup.Precordial));
                }).ToArray();
                sets.Add(new KeptSetReport(set.Name, set.Missing.Select(l => l.Name()).ToArray(), withKept[s], skipped[s], methods,
                    new LinearMapReport(maps[s].TrainingRecords, maps[s].Targets)));
            }

            var report = new ReconstructionReport(run, spec, ReconstructionNotes.Domain, cache, split, record, fitCache, records, sets, examples,
                ReconstructionNotes.All, CodeVersion.Current);
            folder.Write(report, scores);
            return new ReconstructionResult(folder, report);
        }

        private void WriteExample(KeptLeadSet set, string id, float[] truth, bool[] present, float[] rebuilt, int t)
        {
            string name = NotFileNameSafe().Replace(id, "_");
            string relative = Path.Combine(ReconstructionFolder.ExamplesFolderName, set.Slug);
            string dir = folder.PathOf(relative);
            Directory.CreateDirectory(dir);
            double rate = model.Config.SampleRate;
            var metadata = new EcgMetadata($"{id}: {spec.Name} from {set.Name}") { Unit = EcgUnit.Standardised };
            var rebuiltEcg = new Ecg(rate, t, rebuilt, Leads.All.Select(_ => true).ToArray(), metadata);
            var truthEcg = new Ecg(rate, t, truth, present, metadata with { RecordId = id });
            EcgPlot.SavePng(rebuiltEcg, Path.Combine(dir, name + ".png"), new EcgPlotOptions
            {
                MmPerUnit = EcgPlotOptions.StandardisedMmPerUnit,
                Overlay = truthEcg,
                LeadNotes = Leads.All.ToDictionary(l => l, l => set.Keeps(l) ? "kept" : "rebuilt"),
                Caption = $"black: rebuilt by {spec.Name} from {set.Name}; blue: true signal",
            });
            WfdbSignalToWrite[] signals = Leads.All.Select(l => new WfdbSignalToWrite(l.Name(),
                WfdbWriter.Digitise(rebuilt.AsSpan((int)l * t, t), WfdbGain, 16), WfdbGain, WfdbUnits)).ToArray();
            WfdbWriter.WriteSignals(dir, name, rate, signals, new WfdbWriteOptions(Comments:
            [
                $"record {id} rebuilt by {spec.Name} ({run}) from kept leads {set.Name}; rebuilt: {string.Join(",", set.Missing.Select(l => l.Name()))}",
                "units SD: standardised signals (each lead z-scored by the default preprocessing pipeline), not mV",
            ]));
            examples.Add(new ReconstructionExample(set.Name, id, Path.Combine(relative, name + ".png"), Path.Combine(relative, name + ".hea")));
        }

        private static string Group(Lead lead) => KeptLeadSet.GroupOf(lead) == LeadGroup.Limb ? "limb" : "precordial";

        private static GroupScore? GroupMean(IReadOnlyList<LeadScore> leads, LeadGroup group)
        {
            LeadScore[] mine = leads.Where(l => KeptLeadSet.GroupOf(Leads.Parse(l.Lead)!.Value) == group).ToArray();
            if (mine.Length == 0)
            {
                return null;
            }

            double[] r = mine.Where(l => l.MeanR.HasValue).Select(l => l.MeanR!.Value).ToArray();
            double[] rmse = mine.Where(l => l.MeanRmse.HasValue).Select(l => l.MeanRmse!.Value).ToArray();
            return new GroupScore(mine.Length, r.Length == 0 ? null : r.Average(), rmse.Length == 0 ? null : rmse.Average());
        }

        private sealed class Sums
        {
            private double r, rmse;
            private int withR, records, flat;

            public void Add(LeadAgreement a)
            {
                records++;
                rmse += a.Rmse;
                if (a.R is { } value)
                {
                    r += value;
                    withR++;
                }
                else
                {
                    flat++;
                }
            }

            public LeadScore Score(Lead lead) => new(lead.Name(), Group(lead), records, flat, withR == 0 ? null : r / withR, records == 0 ? null : rmse / records);
        }
    }
}

using System.Diagnostics;
using System.Text.Json;
using Lamae.Cache;
using Lamae.Common;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using Lamae.Models;
using Lamae.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.FineTuning;

/// <summary>Progress of a fine-tune, for a progress bar.</summary>
public readonly record struct FinetuneProgress(int Part, int Parts, int Epoch, long Step, long PartSteps, double Loss, double? ValidationAuroc);

/// <summary>How a fine-tune is driven: resume or not, the device, and what to tell whom.</summary>
public sealed record FinetuneControl
{
    /// <summary>Continue the fine-tune in the folder exactly where its checkpoint stopped.</summary>
    public bool Resume { get; init; }

    /// <summary>Where the network trains; null: the CPU.</summary>
    public Device? Device { get; init; }

    /// <summary>Told after every step and every epoch.</summary>
    public IProgress<FinetuneProgress>? Progress { get; init; }

    /// <summary>Stops between steps (the last checkpoint is kept, so it can be resumed).</summary>
    public CancellationToken Cancel { get; init; }
}

/// <summary>
/// Fine-tunes an encoder with a linear multi-label head on a cache's labels (DESIGN.md section 7, issue 19), in the probe's
/// protocol: per part, the label fraction's training patients (<see cref="LabelFractions"/>, so the same patients as the
/// probe's at the same fraction and seed), weighted BCE (each code's positives weighted by its negatives over positives),
/// AdamW with the encoder at a share of the head's rate, warm-up then cosine, and early stopping on the part's validation
/// macro AUROC (never on test); the best epoch's weights predict the part's test records. Checkpoints hold the data
/// position and the best score, so a killed fine-tune resumes exactly.
/// </summary>
public static class FineTuner
{
    // Seeds of a part's head and data order, apart from the probe's patient order (which uses the seed itself).
    private const int PartSeedStride = 1009;

    /// <summary>
    /// The config a fine-tune of <paramref name="source"/> on <paramref name="cache"/> records: the label set is built
    /// over the cache's records (codes chosen on training patients only, as the probe's).
    /// </summary>
    public static FinetuneConfig Configure(string name, FinetuneSource source, string labelSet, LabelSetOptions labelOptions, FinetuneOptions options, EcgCache cache)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(labelOptions);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cache);
        options.Validate();
        LabelSet labels = LabelSets.Build(labelSet, RecordsOf(cache), cache.Manifest.Settings.Dataset, cache.Manifest.Settings.Root, labelOptions);
        return new FinetuneConfig(name, source, new FinetuneLabels(labels.Name, labelOptions.MinPatients, labelOptions.Table, labels.Codes), options, CacheIdentity.Of(cache));
    }

    /// <summary>
    /// The cache's records as the evaluation sees them, in cache order (the order of an embeddings folder of every lead),
    /// so a record's row is its position in the cache (<see cref="EcgBatch.Indices"/>).
    /// </summary>
    public static IReadOnlyList<EmbeddedRecord> RecordsOf(EcgCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Records.Select(EmbeddedRecord.Of).ToArray();
    }

    /// <summary>Runs (or, with <see cref="FinetuneControl.Resume"/>, continues) the fine-tune <paramref name="config"/> describes.</summary>
    public static FinetuneResult Run(FinetuneFolder folder, FinetuneConfig config, EcgCache cache, FinetuneControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(cache);
        control ??= new FinetuneControl();
        var clock = Stopwatch.StartNew();
        FinetuneOptions options = config.Options.Validate();
        Pretrainer.CheckCache(cache, config.Source.Model.Config, config.Source.Model.Config.Samples);
        if (config.Cache.IndexSha256 != cache.Manifest.IndexSha256)
        {
            throw new LamaeException($"{cache.Directory}: not the cache this fine-tune was configured on ({config.Cache.Directory})");
        }

        CheckFolder(folder, config, control.Resume);
        using IDisposable precision = Runtime.MixedPrecision.Use(Runtime.PrecisionChoice.ComputeOf(options.Precision));
        IReadOnlyList<EmbeddedRecord> records = RecordsOf(cache);
        LabelSet labels = LabelSets.Build(config.Labels.Name, records, cache.Manifest.Settings.Dataset, cache.Manifest.Settings.Root, config.Labels.Options);
        if (!labels.Codes.SequenceEqual(config.Labels.Codes, StringComparer.Ordinal))
        {
            throw new LamaeException($"{folder.Directory}: the label set {config.Labels.Name} on this cache has codes {string.Join(' ', labels.Codes)}, the config has {string.Join(' ', config.Labels.Codes)}");
        }

        IReadOnlyList<ProbePart> parts = ProbeSplits.Of(records, options.Protocol, options.CvParts);
        folder.Create();
        folder.WriteConfig(config);
        var done = new List<FinetunePart>();
        for (int k = 0; k < parts.Count; k++)
        {
            FinetunePart? finished = folder.ReadPart(k);
            if (finished is null)
            {
                finished = RunPart(folder, config, cache, records, labels, parts, k, control);
                folder.WritePart(k, finished);
            }

            done.Add(finished);
        }

        var testRows = done.SelectMany(p => p.Test).ToArray();
        var rowOf = records.Select((r, i) => (r.Record, i)).ToDictionary(x => x.Record, x => x.i, StringComparer.Ordinal);
        CodeLabels testLabels = labels.Of(testRows.Select(r => rowOf[r]).ToArray());
        double[][] pooled = labels.Codes.Select((_, k) => done.SelectMany(p => p.Scores[k]).ToArray()).ToArray();
        double? auroc = MacroAverage.Compute(BinaryMetric.Auroc, testLabels, pooled).Value;
        var result = new FinetuneResult(config, done, auroc, testRows.Length, CodeVersion.Current, DateTime.UtcNow, clock.Elapsed.TotalSeconds);
        folder.WriteResult(result, records.ToDictionary(r => r.Record, r => r.Patient, StringComparer.Ordinal), (record, k) => labels.Labels[k][rowOf[record]]);
        FinetuneCurvePlot.Save(folder.ReadMetrics(), $"{config.Name} on {config.Labels.Name}, {ProbeRunner.Percent(options.Fraction)} labels, seed {options.Seed}", folder.PathOf(FinetuneFolder.CurveFileName));
        return result;
    }

    private static void CheckFolder(FinetuneFolder folder, FinetuneConfig config, bool resume)
    {
        if (folder.IsFinished)
        {
            throw new LamaeException($"{folder.Directory}: holds a finished fine-tune ({FinetuneFolder.ResultFileName}); choose another --out");
        }

        FinetuneConfig? recorded = folder.ReadConfig();
        if (!resume && recorded is not null)
        {
            throw new LamaeException($"{folder.Directory}: holds a fine-tune already ({FinetuneFolder.ConfigFileName}); pass --resume to continue it, or choose another --out");
        }

        if (resume && recorded is null)
        {
            throw new LamaeException($"{folder.Directory}: --resume, but there is no fine-tune to resume ({FinetuneFolder.ConfigFileName} is missing)");
        }

        if (resume)
        {
            JsonElement was = JsonSerializer.SerializeToElement(recorded! with { Cache = recorded.Cache with { Directory = string.Empty } }, Checkpoint.JsonOptions);
            JsonElement now = JsonSerializer.SerializeToElement(config with { Cache = config.Cache with { Directory = string.Empty } }, Checkpoint.JsonOptions);
            IReadOnlyList<string> changes = ModelConfigDiff.Between(was, now);
            if (changes.Count > 0)
            {
                throw new LamaeException($"{folder.Directory}: --resume with other settings than the fine-tune was started with ({string.Join(", ", changes.Take(3))}); run it as it was, or choose another --out");
            }
        }
    }

    private static FinetunePart RunPart(FinetuneFolder folder, FinetuneConfig config, EcgCache cache, IReadOnlyList<EmbeddedRecord> records, LabelSet labels,
        IReadOnlyList<ProbePart> parts, int k, FinetuneControl control)
    {
        var clock = Stopwatch.StartNew();
        FinetuneOptions options = config.Options;
        ProbePart part = parts[k];
        int[] train = LabelFractions.Choose(records, part.Train, options.Fraction, options.Seed);
        int codes = labels.Codes.Count;
        Device device = control.Device ?? CPU;
        using var targets = new FinetuneTargets(labels, records, train, device);
        string[] Patients(IEnumerable<int> rows) => rows.Select(r => records[r].Patient).Distinct(StringComparer.Ordinal).ToArray();

        int partSeed = (options.Seed * PartSeedStride) + k;
        int window = config.Source.Model.Config.Samples;
        using var test = new EcgBatchLoader(cache, RecordFilter.Subject(Patients(part.Test)), LoaderOptions.Evaluation(options.BatchSize, window));
        var scores = new double[codes][];
        for (int c = 0; c < codes; c++)
        {
            scores[c] = new double[test.Count];
            if (!targets.Trained[c])
            {
                Array.Fill(scores[c], targets.Prevalence[c]);  // the probe's rule: a code with one class predicts its prevalence
            }
        }

        string[] testIds = test.Indices.Select(i => cache.Records[i].RecordId).ToArray();
        int epochsRun = 0, bestEpoch = -1;
        double? bestAuroc = null;
        bool stoppedEarly = false;
        if (targets.AnyTrained)
        {
            torch.random.manual_seed(partSeed);
            using FinetuneNetwork network = new(Build(config.Source), codes);
            network.to(device);
            using var trainLoader = new EcgBatchLoader(cache, RecordFilter.Subject(Patients(train)),
                new LoaderOptions { BatchSize = options.BatchSize, CropSamples = window, Seed = partSeed, DropLast = false });
            using var validation = new EcgBatchLoader(cache, RecordFilter.Subject(Patients(part.Validation)), LoaderOptions.Evaluation(options.BatchSize, window));
            int[] trainedCodes = Enumerable.Range(0, codes).Where(c => targets.Trained[c]).ToArray();
            var validationLabels = new CodeLabels(trainedCodes.Select(c => labels.Codes[c]).ToArray(),
                trainedCodes.Select(c => validation.Indices.Select(r => labels.Labels[c][r]).ToArray()).ToArray());  // rows are cache positions
            long total = (long)options.Epochs * trainLoader.BatchesPerEpoch;
            var schedule = new LearningRateSchedule
            {
                BaseLearningRate = options.LearningRate,
                BatchSize = LearningRateSchedule.ReferenceBatchSize,  // the rate is absolute: not scaled by the batch
                WarmupSteps = (long)Math.Round(options.WarmupFraction * total),
                TotalSteps = total,
            };
            (AdamW optimizer, double[] scales) = Optimizer(network, options, config.Source.Pretrained);
            using var optimizerScope = optimizer;
            var loop = new TrainingLoop(network, optimizer, schedule, new TrainingLoopSettings
            {
                CheckpointEvery = options.CheckpointEvery, CheckpointFolder = folder.Directory, GroupRateScales = scales,
            });

            var position = new FinetunePosition(k, null, -1, 0);
            var start = new CheckpointState { Seed = options.Seed };
            if (control.Resume && folder.HasCheckpoint && Checkpoint.ReadState(folder.PathOf(FinetuneFolder.CheckpointFileName)).Extra is { } extra
                && extra.Deserialize<FinetunePosition>(Checkpoint.JsonOptions) is { } saved && saved.Part == k)
            {
                start = loop.Resume(folder.PathOf(FinetuneFolder.CheckpointFileName));
                position = saved;
            }

            JsonElement Extra(FinetunePosition p) => JsonSerializer.SerializeToElement(p, Checkpoint.JsonOptions);
            epochsRun = start.Epoch;
            for (int epoch = start.Epoch; epoch < options.Epochs && position.EpochsWithoutGain < options.Patience; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                bool resumedEpoch = epoch == start.Epoch && start.EpochLossSum.HasValue;
                double lossSum = resumedEpoch ? start.EpochLossSum!.Value : 0;
                long batches = resumedEpoch ? start.BatchInEpoch : 0;
                int ecgs = 0;
                double lr = 0;
                foreach (EcgBatch batch in trainLoader.Epoch(epoch, epoch == start.Epoch ? (int)start.BatchInEpoch : 0))
                {
                    using (batch)
                    {
                        control.Cancel.ThrowIfCancellationRequested();
                        StepResult step = loop.RunStep(() => targets.Loss(Forward(network, batch, device), targets.Of(batch)));
                        lossSum += step.Loss;
                        lr = step.LearningRate;
                        batches++;
                        ecgs += batch.Count;
                        control.Progress?.Report(new FinetuneProgress(k, parts.Count, epoch, loop.Step, total, step.Loss, position.BestAuroc));
                        loop.MaybeCheckpoint(new CheckpointState
                        {
                            Epoch = epoch, BatchInEpoch = batch.Index + 1, Seed = options.Seed, EpochLossSum = lossSum, Extra = Extra(position),
                        });
                    }
                }

                double trainSeconds = epochClock.Elapsed.TotalSeconds;
                (double[][] validationScores, double validationLoss) = Predict(network, validation, device, targets);
                double? auroc = MacroAverage.Compute(BinaryMetric.Auroc, validationLabels, trainedCodes.Select(c => validationScores[c]).ToArray()).Value;
                bool best = position.BestEpoch < 0 || (auroc is { } a && (position.BestAuroc is not { } b || a > b));
                if (best)
                {
                    SafeTensors.Save(folder.BestWeightsPath(k), network, new Dictionary<string, string> { ["epoch"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                    position = new FinetunePosition(k, auroc, epoch, 0);
                }
                else
                {
                    position = position with { EpochsWithoutGain = position.EpochsWithoutGain + 1 };
                }

                folder.AppendMetrics(new FinetuneEpoch(part.Name, epoch, loop.Step, batches == 0 ? double.NaN : lossSum / batches, validationLoss, auroc, best, lr,
                    ecgs / Math.Max(trainSeconds, 1e-9), epochClock.Elapsed.TotalSeconds));
                loop.SaveCheckpoint(new CheckpointState { Epoch = epoch + 1, BatchInEpoch = 0, Seed = options.Seed, Extra = Extra(position) });
                control.Progress?.Report(new FinetuneProgress(k, parts.Count, epoch, loop.Step, total, lossSum / Math.Max(batches, 1), position.BestAuroc));
                epochsRun = epoch + 1;
            }

            stoppedEarly = position.EpochsWithoutGain >= options.Patience && epochsRun < options.Epochs;
            (bestEpoch, bestAuroc) = (position.BestEpoch, position.BestAuroc);
            SafeTensors.LoadInto(folder.BestWeightsPath(k), network);
            (double[][] testScores, _) = Predict(network, test, device, targets);
            for (int c = 0; c < codes; c++)
            {
                if (targets.Trained[c])
                {
                    scores[c] = testScores[c];
                }
            }
        }

        return new FinetunePart(part.Name, Patients(train).Length, train.Length, part.Validation.Length, testIds.Length, epochsRun, bestEpoch, bestAuroc, stoppedEarly,
            labels.Codes.Where((_, c) => targets.Trained[c]).ToArray(), labels.Codes.Where((_, c) => !targets.Trained[c]).ToArray(), testIds, scores, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The encoder to start from: the run's weights, or a new model from torch's global generator.</summary>
    private static PretrainModel Build(FinetuneSource source)
    {
        if (source.Run is null)
        {
            return source.Model.Create();
        }

        PretrainModel model = RunFolder.Open(source.Run).LoadModel();
        model.train();
        return model;
    }

    /// <summary>AdamW over the encoder (decayed, not decayed) and the head (decayed, not decayed), with each group's rate share.</summary>
    private static (AdamW Optimizer, double[] Scales) Optimizer(FinetuneNetwork network, FinetuneOptions options, bool pretrained)
    {
        ParameterGroups split = ParameterGroups.Split(network, new OptimizerSettings { WeightDecay = options.WeightDecay });
        bool IsHead(NamedParameter p) => p.Name.StartsWith("head.", StringComparison.Ordinal);
        bool IsDecoder(NamedParameter p) => p.Name.StartsWith("model.", StringComparison.Ordinal) && FinetuneNetwork.IsDecoder(p.Name["model.".Length..]);
        double encoderScale = options.EncoderRateScaleFor(pretrained);
        var groups = new List<AdamW.ParamGroup>();
        var scales = new List<double>();
        void Add(IEnumerable<NamedParameter> members, double decay, double scale)
        {
            List<Parameter> list = members.Select(m => m.Parameter).ToList();
            if (list.Count > 0)
            {
                groups.Add(new AdamW.ParamGroup(list, lr: options.LearningRate, beta1: split.Settings.Beta1, beta2: split.Settings.Beta2, eps: split.Settings.Epsilon, weight_decay: decay));
                scales.Add(scale);
            }
        }

        Add(split.Decay.Where(p => !IsHead(p) && !IsDecoder(p)), options.WeightDecay, encoderScale);
        Add(split.NoDecay.Where(p => !IsHead(p) && !IsDecoder(p)), 0, encoderScale);
        Add(split.Decay.Where(IsHead), options.WeightDecay, 1);
        Add(split.NoDecay.Where(IsHead), 0, 1);
        return (FlatAdamW.Create(groups, options.LearningRate, split.Settings.Beta1, split.Settings.Beta2, split.Settings.Epsilon), scales.ToArray());
    }

    // Batches hold the 12 leads in canonical order, so the lead ids are 0-11 for every ECG.
    private static Tensor Forward(FinetuneNetwork network, EcgBatch batch, Device device) =>
        network.forward(batch.Signals.to(device), LamaeModel.CanonicalLeadIds(batch.Count, device), batch.LeadMask.to(device));

    /// <summary>Every record of <paramref name="loader"/> in its order (<see cref="EcgBatchLoader.Indices"/>): per code the probabilities, and the mean loss.</summary>
    private static (double[][] Scores, double Loss) Predict(FinetuneNetwork network, EcgBatchLoader loader, Device device, FinetuneTargets targets)
    {
        network.eval();
        var rows = new List<float[]>();
        double lossSum = 0;
        using (no_grad())
        {
            foreach (EcgBatch batch in loader.Epoch(0))
            {
                using (batch)
                using (var scope = NewDisposeScope())
                {
                    Tensor logits = Forward(network, batch, device);  // [B, C]
                    lossSum += targets.Loss(logits, targets.Of(batch)).to(ScalarType.Float32).item<float>() * batch.Count;
                    float[] p = logits.sigmoid().to(CPU).contiguous().data<float>().ToArray();
                    int c = (int)logits.shape[1];
                    for (int i = 0; i < batch.Count; i++)
                    {
                        rows.Add(p.AsSpan(i * c, c).ToArray());
                    }
                }
            }
        }

        network.train();
        int codes = rows.Count == 0 ? 0 : rows[0].Length;
        double[][] scores = Enumerable.Range(0, codes).Select(c => rows.Select(r => (double)r[c]).ToArray()).ToArray();
        return (scores, rows.Count == 0 ? double.NaN : lossSum / rows.Count);
    }
}

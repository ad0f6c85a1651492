using System.Diagnostics;
using System.Text.Json;
using Lamae.Cache;
using Lamae.Io.Datasets;
using Lamae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Training;

/// <summary>Progress of a pretraining run, for a progress bar.</summary>
public readonly record struct PretrainProgress(int Epoch, long Step, long TotalSteps, double Loss, double EcgPerSecond);

/// <summary>
/// Pretrains a model on a cache: AdamW with decoupled weight decay, warm-up then cosine schedule, clipping, one JSON
/// line of metrics per epoch (metrics.jsonl), validation masked-patch loss with fixed masks, atomic checkpoints
/// holding the data position, and exact resume. The run folder holds config.json, metrics.jsonl and checkpoint.ckpt.
/// </summary>
public static class Pretrainer
{
    private const string MaskGenerator = "masks";
    private const long ValidationSeedOffset = 1_000_003;

    /// <summary>
    /// Runs (or, with <paramref name="resume"/>, continues) pretraining on <paramref name="device"/> (default the
    /// CPU; the model is moved there, batches follow step by step); returns the metrics of every epoch run now.
    /// Masks are drawn on the CPU in every case, so a seed gives the same run on any device.
    /// </summary>
    public static IReadOnlyList<EpochMetrics> Run(IPretrainModel trainable, object modelConfig, EcgCache cache, PretrainOptions options, string runDir,
        bool resume, IProgress<PretrainProgress>? progress = null, Device? device = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(trainable);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(options);
        var model = trainable as nn.Module ?? throw new ArgumentException("the model is not a TorchSharp module", nameof(trainable));
        device ??= CPU;
        model.to(device);  // before the optimiser is made, so its state lives beside the weights
        Directory.CreateDirectory(runDir);
        string checkpoint = Path.Combine(runDir, "checkpoint.ckpt");
        if (!resume && File.Exists(checkpoint))
        {
            throw new LamaeException($"{runDir}: holds a run already (checkpoint.ckpt); pass --resume to continue it, or choose another --out");
        }

        if (resume && !File.Exists(checkpoint))
        {
            throw new LamaeException($"{runDir}: --resume, but there is no checkpoint.ckpt to resume from");
        }

        var loaderOptions = new LoaderOptions { BatchSize = options.BatchSize, CropSamples = options.CropSamples, Seed = options.Seed, DropLast = true };
        using var train = new EcgBatchLoader(cache, RecordFilter.Split(DatasetSplit.Train), loaderOptions);
        using var validation = new EcgBatchLoader(cache, RecordFilter.Split(DatasetSplit.Validation), LoaderOptions.Evaluation(options.BatchSize, options.CropSamples));
        if (train.BatchesPerEpoch == 0)
        {
            throw new LamaeException($"{cache.Directory}: the training split holds {train.Count} records, fewer than one batch of {options.BatchSize}");
        }

        long total = (long)options.Epochs * train.BatchesPerEpoch;
        var schedule = new LearningRateSchedule
        {
            BaseLearningRate = options.BaseLearningRate,
            BatchSize = options.BatchSize,
            WarmupSteps = (long)Math.Round(options.WarmupFraction * total),
            TotalSteps = total,
        };
        using var masks = new Generator((ulong)options.Seed);
        var generators = new Dictionary<string, Generator> { [MaskGenerator] = masks };
        var optimizer = ParameterGroups.Split(model).CreateAdamW(schedule.PeakLearningRate);
        var loop = new TrainingLoop(model, optimizer, schedule, new TrainingLoopSettings { CheckpointEvery = options.CheckpointEvery, CheckpointFolder = runDir }, generators);
        var config = new { model = modelConfig, pretrain = options, cache = new { cache.Directory, cache.Manifest.PipelineHash, cache.Manifest.IndexSha256, cache.Manifest.Records } };
        JsonElement configJson = CheckpointState.ConfigOf(config);
        if (resume)
        {
            RefuseOtherModel(checkpoint, configJson);
        }

        CheckpointState start = resume ? loop.Resume(checkpoint) : new CheckpointState { Seed = options.Seed, Config = configJson };
        File.WriteAllText(Path.Combine(runDir, "config.json"), JsonSerializer.Serialize(configJson, Checkpoint.JsonOptions));  // after a resume succeeded: a refused one keeps the run's record
        var log = new MetricsLog(Path.Combine(runDir, "metrics.jsonl"));
        var results = new List<EpochMetrics>();
        for (int epoch = start.Epoch; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            int batches = 0, ecgs = 0;
            double lr = 0;
            foreach (EcgBatch batch in train.Epoch(epoch, epoch == start.Epoch ? (int)start.BatchInEpoch : 0))
            {
                using (batch)
                {
                    cancel.ThrowIfCancellationRequested();
                    StepResult step = loop.RunStep(() => Forward(trainable, batch, masks, device).Loss);
                    lossSum += step.Loss;
                    lr = step.LearningRate;
                    batches++;
                    ecgs += batch.Count;
                    progress?.Report(new PretrainProgress(epoch, loop.Step, total, step.Loss, ecgs / clock.Elapsed.TotalSeconds));
                    loop.MaybeCheckpoint(new CheckpointState { Epoch = epoch, BatchInEpoch = batch.Index + 1, Seed = options.Seed, Config = configJson });
                }
            }

            double seconds = clock.Elapsed.TotalSeconds;
            ValidationResult? val = Validate(trainable, model, validation, options, device);
            var metrics = new EpochMetrics
            {
                Epoch = epoch,
                Step = loop.Step,
                TrainLoss = batches == 0 ? double.NaN : lossSum / batches,
                ValidationLoss = val?.Loss,
                ValidationMaskedLoss = val?.Parts.MaskedLoss,
                ValidationDroppedLoss = val?.Parts.DroppedLoss,
                LearningRate = lr,
                EcgPerSecond = ecgs / seconds,
                Seconds = seconds,
            };
            log.Append(metrics);
            results.Add(metrics);
            loop.SaveCheckpoint(new CheckpointState { Epoch = epoch + 1, BatchInEpoch = 0, Seed = options.Seed, Config = configJson });
        }

        return results;
    }

    /// <summary>
    /// The loss of predicting the mean (zero) for every hidden sample: the mean square of the present leads'
    /// samples over the validation split. With standardised leads it is 1; a useful model must get well below it.
    /// </summary>
    public static double? MeanPredictorLevel(EcgBatchLoader validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        double sum = 0, count = 0;
        foreach (EcgBatch batch in validation.Epoch(0))
        {
            using (batch)
            using (var scope = NewDisposeScope())
            {
                Tensor present = batch.LeadMask.unsqueeze(-1).to(ScalarType.Float32);   // [B, 12, 1]
                sum += (batch.Signals.pow(2) * present).sum().item<float>();
                count += present.sum().item<float>() * batch.Signals.shape[2];
            }
        }

        return count == 0 ? null : sum / count;
    }

    // Batches hold the 12 leads in canonical order, so the lead ids are 0-11 for every ECG. On the CPU .to is a no-op.
    private static PretrainOutput Forward(IPretrainModel model, EcgBatch batch, Generator generator, Device device) =>
        model.pretrain_forward(batch.Signals.to(device), LamaeModel.CanonicalLeadIds(batch.Count, device), batch.LeadMask.to(device), generator);

    /// <summary>
    /// Mean loss over the validation split with masks from a fixed seed, so epochs compare like for like, and for
    /// masked models its split into hidden patches of visible leads and patches of dropped leads; null without a split.
    /// </summary>
    public static ValidationResult? Validate(IPretrainModel trainable, nn.Module model, EcgBatchLoader validation, PretrainOptions options, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(trainable);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        if (validation.Count == 0)
        {
            return null;
        }

        model.eval();
        using var generator = new Generator((ulong)(options.Seed + ValidationSeedOffset));
        double sum = 0;
        int n = 0;
        var parts = default(ReconstructionParts);
        using (no_grad())
        {
            foreach (EcgBatch batch in validation.Epoch(0))
            {
                using (batch)
                using (var scope = NewDisposeScope())
                {
                    PretrainOutput output = Forward(trainable, batch, generator, device ?? CPU);
                    sum += output.Loss.to(ScalarType.Float32).item<float>() * batch.Count;
                    parts += ReconstructionParts.Of(output);
                    n += batch.Count;
                }

                if (options.ValidationBatches > 0 && batch.Index + 1 >= options.ValidationBatches)
                {
                    break;
                }
            }
        }

        model.train();
        if (n == 0)
        {
            return null;
        }

        // Masked models: the objective over the whole split, every hidden patch weighted alike (batches differ in
        // how many patches they hide); other models: the mean of the batch losses, weighted by ECGs.
        long hidden = parts.MaskedCount + parts.DroppedCount;
        return new ValidationResult(hidden > 0 ? (parts.MaskedSum + parts.DroppedSum) / hidden : sum / n, parts);
    }

    /// <summary>
    /// Stops a resume whose model settings differ from the checkpoint's (a changed preset, --mask-ratio, --lead-dropout,
    /// or a newer Lamae whose defaults moved), naming each difference; continuing would not be the same run.
    /// </summary>
    private static void RefuseOtherModel(string checkpoint, JsonElement configJson)
    {
        if (Checkpoint.ReadState(checkpoint).Config is not { } saved || !saved.TryGetProperty("model", out JsonElement before))
        {
            return;  // no recorded model settings: loading the weights is the only check
        }

        IReadOnlyList<string> changed = ModelConfigDiff.Between(before, configJson.GetProperty("model"));
        if (changed.Count > 0)
        {
            throw new LamaeException($"{checkpoint}: written with other model settings ({string.Join(", ", changed)}); "
                + "it cannot be continued with these, so start a new run with another --out");
        }
    }
}

/// <summary>One validation pass: the objective and, for masked models, its parts.</summary>
/// <param name="Loss">Mean validation loss (the pretraining objective).</param>
/// <param name="Parts">Masked-patch and dropped-lead errors (all zero for the contrastive model).</param>
public sealed record ValidationResult(double Loss, ReconstructionParts Parts);

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lamae.Cache;
using Lamae.Io.Datasets;
using Lamae.Models;
using Lamae.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Training;

/// <summary>Progress of a pretraining run, for a progress bar.</summary>
public readonly record struct PretrainProgress(int Epoch, long Step, long TotalSteps, double Loss, double EcgPerSecond);

/// <summary>What a run is about to do, reported once before its first step.</summary>
/// <param name="Model">The model kind and hyper-parameters.</param>
/// <param name="Parameters">Trainable values.</param>
/// <param name="TrainRecords">ECGs in the training split.</param>
/// <param name="TotalSteps">Optimiser steps of the whole run.</param>
/// <param name="StartStep">Steps already done (a resumed run), else 0.</param>
public sealed record PretrainStart(ModelSpec Model, long Parameters, int TrainRecords, long TotalSteps, long StartStep);

/// <summary>How a run is driven, beside what it trains: resume or not, the device, and what to tell whom.</summary>
public sealed record RunControl
{
    /// <summary>Continue the run in the folder exactly where its checkpoint stopped.</summary>
    public bool Resume { get; init; }

    /// <summary>Where the model trains; null: the CPU. Batches follow the model step by step.</summary>
    public Device? Device { get; init; }

    /// <summary>Told once before the first step.</summary>
    public Action<PretrainStart>? Started { get; init; }

    /// <summary>Told after every step.</summary>
    public IProgress<PretrainProgress>? Progress { get; init; }

    /// <summary>Stops the run between steps (the last checkpoint is kept, so it can be resumed).</summary>
    public CancellationToken Cancel { get; init; }
}

/// <summary>What a finished run reports.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Epochs">The epochs run by this call.</param>
/// <param name="History">Every epoch of the run, earlier sessions of a resumed run included.</param>
/// <param name="MeanPredictorLevel">The validation loss of predicting the mean (see <see cref="Pretrainer.MeanPredictorLevel"/>); null without a validation split.</param>
public sealed record PretrainResult(RunFolder Folder, IReadOnlyList<EpochMetrics> Epochs, IReadOnlyList<EpochMetrics> History, double? MeanPredictorLevel);

/// <summary>
/// Pretrains a model on a cache and owns its <see cref="RunFolder"/> (MAE's main_pretrain): checks that the cache fits
/// the model, trains with AdamW (decoupled weight decay), warm-up then cosine, clipping, validation loss with fixed
/// masks, one line of metrics per epoch, atomic checkpoints holding the data position and exact resume, then writes
/// the final weights (safetensors) and the loss curve.
/// </summary>
public static class Pretrainer
{
    private const string MaskGenerator = "masks";
    private const long ValidationSeedOffset = 1_000_003;
    private const double RateTolerance = 1e-6;

    /// <summary>
    /// Runs (or, with <see cref="RunControl.Resume"/>, continues) the run <paramref name="model"/> describes: the model is
    /// built from torch's global generator seeded with <see cref="PretrainOptions.Seed"/>, so a seed gives the same run.
    /// </summary>
    public static PretrainResult Run(RunFolder folder, ModelSpec model, PretrainOptions options, EcgCache cache, RunControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        CheckCache(cache, model.Config, options.CropSamples ?? model.Config.Samples);   // before building a large model
        torch.random.manual_seed(options.Seed);
        using PretrainModel net = model.Create();
        return Run(folder, net, model, options, cache, control);
    }

    /// <summary>
    /// Runs the pretraining of a model the caller built (a stand-in in tests), recorded as <paramref name="spec"/>, which
    /// must be what rebuilds it. Masks are drawn on the CPU in every case, so a seed gives the same run on any device.
    /// </summary>
    public static PretrainResult Run(RunFolder folder, PretrainModel model, ModelSpec spec, PretrainOptions options, EcgCache cache, RunControl? control = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        control ??= new RunControl();
        options = options with { CropSamples = options.CropSamples ?? spec.Config.Samples };
        CheckCache(cache, spec.Config, options.CropSamples.Value);
        CheckFolder(folder, control.Resume);
        Device device = control.Device ?? CPU;
        options = options with { MicroBatch = options.MicroBatchOn(device) };  // config.json records the one that ran
        model.to(device);  // before the optimiser is made, so its state lives beside the weights
        folder.Create();
        using IDisposable precision = MixedPrecision.Use(PrecisionChoice.ComputeOf(options.Precision));

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
        var loop = new TrainingLoop(model, optimizer, schedule, new TrainingLoopSettings { CheckpointEvery = options.CheckpointEvery, CheckpointFolder = folder.Directory }, generators);
        var config = new RunConfig(spec, options, CacheIdentity.Of(cache));
        JsonElement configJson = CheckpointState.ConfigOf(config);
        if (control.Resume)
        {
            RefuseOtherModel(folder.CheckpointPath, configJson);
        }

        CheckpointState start = control.Resume ? loop.Resume(folder.CheckpointPath) : new CheckpointState { Seed = options.Seed, Config = configJson };
        folder.WriteConfig(config);  // after a resume succeeded: a refused one keeps the run's record
        string corpus = Path.Combine(cache.Directory, Io.Datasets.CorpusSpec.FileName);
        if (File.Exists(corpus))
        {
            // A run on a corpus says what the corpus was: its sources, beside config.json.
            File.Copy(corpus, Path.Combine(folder.Directory, Io.Datasets.CorpusSpec.FileName), overwrite: true);
        }
        control.Started?.Invoke(new PretrainStart(spec, model.ParameterCount, train.Count, total, loop.Step));
        MetricsLog log = folder.Metrics;
        var results = new List<EpochMetrics>();
        for (int epoch = start.Epoch; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            bool resumedEpoch = epoch == start.Epoch;

            // A resumed epoch carries on the loss sum of the steps before the interruption, so its train_loss is the
            // mean over the whole epoch, bitwise as in an uninterrupted run.
            bool carried = resumedEpoch && start.EpochLossSum.HasValue;
            double lossSum = carried ? start.EpochLossSum!.Value : 0;
            long batches = carried ? start.BatchInEpoch : 0;
            int ecgs = 0;
            double lr = 0;
            foreach (EcgBatch batch in train.Epoch(epoch, resumedEpoch ? (int)start.BatchInEpoch : 0))
            {
                using (batch)
                {
                    control.Cancel.ThrowIfCancellationRequested();
                    StepResult step = loop.RunStepWithGradients(() => Backward(model, batch, masks, device, options.MicroBatch.Value));
                    lossSum += step.Loss;
                    lr = step.LearningRate;
                    batches++;
                    ecgs += batch.Count;
                    control.Progress?.Report(new PretrainProgress(epoch, loop.Step, total, step.Loss, ecgs / clock.Elapsed.TotalSeconds));
                    loop.MaybeCheckpoint(new CheckpointState
                    {
                        Epoch = epoch, BatchInEpoch = batch.Index + 1, Seed = options.Seed, Config = configJson, EpochLossSum = lossSum,
                    });
                }
            }

            double seconds = clock.Elapsed.TotalSeconds;
            ValidationResult? val = Validate(model, validation, options, device);
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

        folder.SaveWeights(model, spec);
        double? meanLevel = MeanPredictorLevel(validation);
        IReadOnlyList<EpochMetrics> history = folder.ReadMetrics();
        folder.SaveCurve(history, meanLevel, $"{spec.Name} ({spec.Config.Name}) on {Path.GetFileName(Path.TrimEndingDirectorySeparator(cache.Directory))}",
            Reporting.TrainingCurvePlot.LabelFor(spec.Name));
        return new PretrainResult(folder, results, history, meanLevel);
    }

    /// <summary>
    /// Stops a run whose cache does not fit the model: another sampling rate (the model would learn the wrong time
    /// scale) or records shorter than <paramref name="window"/> samples, with what to build instead. Embedding checks
    /// the same before it reads a record.
    /// </summary>
    public static void CheckCache(EcgCache cache, ModelConfig config, int window)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(config);
        double rate = cache.Manifest.Settings.Rate;
        if (Math.Abs(rate - config.SampleRate) > RateTolerance || cache.Samples < window)
        {
            throw new LamaeException(string.Create(CultureInfo.InvariantCulture,
                $"{cache.Directory}: cached at {rate} Hz x {cache.Samples} samples; preset {config.Name} needs {config.SampleRate} Hz x at least {window}: build a cache with --rate {config.SampleRate} --seconds {config.Samples / (double)config.SampleRate}"));
        }
    }

    private static void CheckFolder(RunFolder folder, bool resume)
    {
        if (!resume && folder.HasCheckpoint)
        {
            throw new LamaeException($"{folder.Directory}: holds a run already ({RunFolder.CheckpointFileName}); pass --resume to continue it, or choose another --out");
        }

        if (resume && !folder.HasCheckpoint)
        {
            throw new LamaeException($"{folder.Directory}: --resume, but there is no {RunFolder.CheckpointFileName} to resume from");
        }
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
                sum += (batch.Signals.mul(batch.Signals) * present).sum().item<float>();
                count += present.sum().item<float>() * batch.Signals.shape[2];
            }
        }

        return count == 0 ? null : sum / count;
    }

    // Batches hold the 12 leads in canonical order, so the lead ids are 0-11 for every ECG. On the CPU .to is a no-op.
    private static Tensor Backward(PretrainModel model, EcgBatch batch, Generator generator, Device device, int microBatch) =>
        model.pretrain_backward(batch.Signals.to(device), LamaeModel.CanonicalLeadIds(batch.Count, device), batch.LeadMask.to(device), generator, microBatch);

    private static PretrainOutput Forward(PretrainModel model, EcgBatch batch, Generator generator, Device device, int microBatch) =>
        model.pretrain_forward(batch.Signals.to(device), LamaeModel.CanonicalLeadIds(batch.Count, device), batch.LeadMask.to(device), generator, microBatch);

    /// <summary>
    /// Mean loss over the validation split with masks from a fixed seed, so epochs compare like for like, and for
    /// masked models its split into hidden patches of visible leads and patches of dropped leads; null without a split.
    /// </summary>
    public static ValidationResult? Validate(PretrainModel model, EcgBatchLoader validation, PretrainOptions options, Device? device = null)
    {
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
                    PretrainOutput output = Forward(model, batch, generator, device ?? CPU, options.MicroBatchOn(device ?? CPU));
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

        IReadOnlyList<string> changed = ModelConfigDiff.Between(AsToday(before), configJson.GetProperty("model"));
        if (changed.Count > 0)
        {
            throw new LamaeException($"{checkpoint}: written with other model settings ({string.Join(", ", changed)}); "
                + "it cannot be continued with these, so start a new run with another --out");
        }
    }

    // The checkpoint's model settings as today's classes read them: a setting added since then takes its default, which
    // must keep the old behaviour (shared_patch_mask 0 draws the same masks), so it is not a change. Settings the
    // checkpoint wrote are kept as written, so a moved default (tiny's decoder_depth) is still named.
    private static JsonElement AsToday(JsonElement model)
    {
        try
        {
            return model.Deserialize<ModelSpec>(Checkpoint.JsonOptions) is { } spec ? JsonSerializer.SerializeToElement(spec, Checkpoint.JsonOptions) : model;
        }
        catch (JsonException)
        {
            return model;
        }
    }
}

/// <summary>One validation pass: the objective and, for masked models, its parts.</summary>
/// <param name="Loss">Mean validation loss (the pretraining objective).</param>
/// <param name="Parts">Masked-patch and dropped-lead errors (all zero for the contrastive model).</param>
public sealed record ValidationResult(double Loss, ReconstructionParts Parts);

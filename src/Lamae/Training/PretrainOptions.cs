using System.Globalization;

namespace Lamae.Training;

/// <summary>How to pretrain: every value lands in the run folder's config.json, so a run can be remade from it.</summary>
public sealed record PretrainOptions
{
    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>ECGs per step (MAE scales the learning rate with it: base_lr * batch / 256); MAE pretrains with 4096.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>
    /// ECGs per forward and backward pass: a step's batch is run this many at a time and their gradients accumulated,
    /// which gives the whole batch's gradient (only the summation order differs) with only one micro-batch's activations
    /// in memory (<see cref="Models.PretrainModel.pretrain_backward"/>). At least the batch size: the batch in one pass.
    /// Null: <see cref="DefaultMicroBatch"/> on the CPU, the whole batch on a GPU (<see cref="MicroBatchOn"/>).
    /// </summary>
    public int? MicroBatch { get; init; }

    /// <summary>
    /// The CPU's default micro-batch: tiny LAMAE at batch 64 stays under 1 GB and trains 3-8 % slower than in one pass,
    /// in both precisions; bench/README.md, "Micro-batches", has the measurements.
    /// </summary>
    public const int DefaultMicroBatch = 16;

    /// <summary>The micro-batch a run uses on <paramref name="device"/>: <see cref="MicroBatch"/>, else the default there.</summary>
    public int MicroBatchOn(TorchSharp.torch.Device device) =>
        MicroBatch ?? (device.type == TorchSharp.DeviceType.CUDA ? BatchSize : DefaultMicroBatch);

    /// <summary>Learning rate per 256 ECGs (MAE's 1.5e-4).</summary>
    public double BaseLearningRate { get; init; } = 1.5e-4;

    /// <summary>Warm-up length as a fraction of all steps (MAE warms up for 40 of 800 epochs; short runs need more).</summary>
    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>Samples per lead the model sees (a random crop of the cached record); null: the whole record.</summary>
    public int? CropSamples { get; init; }

    /// <summary>Seed of data order, crops and masks.</summary>
    public int Seed { get; init; }

    /// <summary>Checkpoint every this many steps (also at every epoch end); 0: epoch ends only.</summary>
    public long CheckpointEvery { get; init; } = 200;

    /// <summary>Validation batches per epoch (the validation split, fixed masks); 0: all.</summary>
    public int ValidationBatches { get; init; }

    /// <summary>fp32, or bf16: the models' matrix products (Linear layers and attention) run in bf16 with fp32 master weights (Runtime/MixedPrecision).</summary>
    public string Precision { get; init; } = Runtime.PrecisionChoice.Fp32;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot train.</summary>
    public PretrainOptions Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Require(Epochs >= 1, $"epochs {Epochs}: must be at least 1");
        Require(Precision is Runtime.PrecisionChoice.Fp32 or Runtime.PrecisionChoice.Bf16, $"precision {Precision}: fp32 or bf16 (auto is resolved before a run starts)");
        Require(BatchSize >= 1, $"batch size {BatchSize}: must be at least 1");
        Require(MicroBatch is null or >= 1, $"micro-batch {MicroBatch}: must be at least 1");
        Require(BaseLearningRate > 0 && double.IsFinite(BaseLearningRate), $"learning rate {BaseLearningRate.ToString(CultureInfo.InvariantCulture)}: must be a positive number");
        Require(WarmupFraction is >= 0 and <= 1, $"warm-up fraction {WarmupFraction.ToString(CultureInfo.InvariantCulture)}: must lie in [0, 1]");
        Require(CropSamples is null or >= 1, $"crop {CropSamples}: must be at least 1 sample");
        Require(CheckpointEvery >= 0 && ValidationBatches >= 0, "checkpoint interval and validation batches must not be negative");
        return this;
    }
}

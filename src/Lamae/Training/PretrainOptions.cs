namespace Lamae.Training;

/// <summary>How to pretrain: every value lands in the run folder's config.json, so a run can be remade from it.</summary>
public sealed record PretrainOptions
{
    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>ECGs per step (MAE scales the learning rate with it: base_lr * batch / 256).</summary>
    public int BatchSize { get; init; } = 64;

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
}

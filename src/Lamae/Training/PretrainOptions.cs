using Lamae.Models;

namespace Lamae.Training;

/// <summary>How to pretrain: every value lands in the run folder's config.json, so a run can be remade from it.</summary>
public sealed record PretrainOptions
{
    /// <summary>Passes over the training split.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>ECGs per step (MAE scales the learning rate with it: base_lr * batch / 256); MAE pretrains with 4096.</summary>
    public int BatchSize { get; init; } = 256;

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

    /// <summary>
    /// The training defaults of a model preset (DESIGN.md section 6: batch size and learning rate come from the
    /// preset). base keeps MAE's (256 ECGs per step, base rate 1.5e-4) for GPUs; tiny uses <see cref="Tiny"/> for the
    /// masked models and <see cref="TinyContrastive"/> for the contrastive one, whose InfoNCE needs the rest of the
    /// batch as negatives.
    /// </summary>
    public static PretrainOptions ForPreset(ModelConfig config, string model = "lamae")
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(model);
        if (config.Name != ModelConfig.Tiny.Name)
        {
            return new PretrainOptions();
        }

        return model.Trim().Equals("contrastive", StringComparison.OrdinalIgnoreCase) ? TinyContrastive : Tiny;
    }

    /// <summary>
    /// tiny on 2 CPU cores: a run of a few thousand ECGs is step-limited (masked models sit at the mean level for the
    /// first few hundred steps, then learn), so small batches give more steps per epoch at nearly the same ECG/s.
    /// Measured on 2,000 simulated ECGs (tiny LAMAE, 8,000 ECGs seen): batch 4 reached a masked-patch loss of 0.85
    /// where batch 16 stayed at 0.98 and batch 64 above 1.0 (docs/pretraining.md).
    /// </summary>
    public static PretrainOptions Tiny { get; } = new() { BatchSize = 4, BaseLearningRate = TinyBaseLearningRate };

    /// <summary>
    /// tiny contrastive: with 4 ECGs a step, InfoNCE has 3 negatives and its loss falls to ~0.01 in 4 epochs without
    /// learning much; 64 gives 63 negatives at the same peak rate of 1.5e-3.
    /// </summary>
    public static PretrainOptions TinyContrastive { get; } = new() { BatchSize = 64, BaseLearningRate = TinyBaseLearningRate * 4 / 64 };

    // A peak rate of 1.5e-3 at batch 4 (base * 4 / 256).
    private const double TinyBaseLearningRate = 0.096;
}

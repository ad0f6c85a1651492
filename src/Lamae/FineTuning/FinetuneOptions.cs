using System.Globalization;
using Lamae.Evaluation.Probing;

namespace Lamae.FineTuning;

/// <summary>How to fine-tune (DESIGN.md section 7): every value lands in the folder's config.json, so a run can be remade from it.</summary>
public sealed record FinetuneOptions
{
    /// <summary>Share of the training patients with labels (the probe's nested fractions, <see cref="LabelFractions"/>).</summary>
    public double Fraction { get; init; } = 1;

    /// <summary>Seed of the patients' order (as the probe's), of the head's initial weights and of the data order.</summary>
    public int Seed { get; init; }

    /// <summary>The dataset's folds, or cross-validation (one network per part).</summary>
    public ProbeProtocol Protocol { get; init; } = ProbeProtocol.Folds;

    /// <summary>Parts of the cross-validation protocol.</summary>
    public int CvParts { get; init; } = 5;

    /// <summary>Most passes over a part's labelled training records; early stopping usually ends sooner.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Epochs without a better validation macro AUROC before a part stops (the best epoch's weights are kept).</summary>
    public int Patience { get; init; } = 3;

    /// <summary>ECGs per step; the last, smaller batch of an epoch is kept (labelled sets can be tiny).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Peak learning rate of the head (absolute, not scaled by the batch), after a linear warm-up, cosine to 0.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// The encoder's rate as a share of the head's, one for the whole encoder (layer-wise decay, which DESIGN.md calls
    /// optional, is not used): 0.1 for a pretrained encoder (its features are kept while the head
    /// settles), 1 from scratch (nothing to keep). Null: the default for the source.
    /// </summary>
    public double? EncoderRateScale { get; init; }

    /// <summary>Warm-up length as a fraction of the part's steps at most epochs.</summary>
    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>AdamW's decoupled weight decay on matrices (norms, biases and embeddings are not decayed).</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Checkpoint every this many steps (also at every epoch end); 0: epoch ends only.</summary>
    public long CheckpointEvery { get; init; } = 50;

    /// <summary>fp32, or bf16: the network's matrix products (Linear layers and attention) run in bf16 with fp32 master weights (Runtime/MixedPrecision).</summary>
    public string Precision { get; init; } = Runtime.PrecisionChoice.Fp32;

    /// <summary>The encoder-rate scale used for a pretrained encoder and from scratch.</summary>
    public double EncoderRateScaleFor(bool pretrained) => EncoderRateScale ?? (pretrained ? 0.1 : 1.0);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot train.</summary>
    public FinetuneOptions Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        Require(Fraction > 0 && Fraction <= 1, $"fraction {F(Fraction)}: must lie in (0, 1]");
        Require(Epochs >= 1, $"epochs {Epochs}: must be at least 1");
        Require(Precision is Runtime.PrecisionChoice.Fp32 or Runtime.PrecisionChoice.Bf16, $"precision {Precision}: fp32 or bf16 (auto is resolved before a fine-tune starts)");
        Require(Patience >= 1, $"patience {Patience}: must be at least 1");
        Require(BatchSize >= 1, $"batch size {BatchSize}: must be at least 1");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"learning rate {F(LearningRate)}: must be a positive number");
        Require(EncoderRateScale is null or (>= 0 and <= 1), $"encoder rate scale {F(EncoderRateScale ?? 0)}: must lie in [0, 1]");
        Require(WarmupFraction is >= 0 and <= 1, $"warm-up fraction {F(WarmupFraction)}: must lie in [0, 1]");
        Require(WeightDecay >= 0, $"weight decay {F(WeightDecay)}: must not be negative");
        Require(CheckpointEvery >= 0, "checkpoint interval must not be negative");
        Require(Protocol == ProbeProtocol.Folds || CvParts >= 3, $"--cv-folds {CvParts}: cross-validation needs at least 3 parts");
        return this;
    }
}

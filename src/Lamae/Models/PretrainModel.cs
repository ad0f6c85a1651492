using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// What the pretraining engine and the evaluation need from any Lamae model: a TorchSharp module with a
/// self-supervised objective and a representation. Inputs everywhere: signals [B, L, T], canonical lead ids [B, L]
/// (int64, 0-11) and a present mask [B, L] (bool; absent leads are zeros).
/// </summary>
public abstract class PretrainModel : nn.Module
{
    /// <summary>Names the module (TorchSharp's module name) and keeps the validated hyper-parameters.</summary>
    protected PretrainModel(string name, ModelConfig config) : base(name)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config.Validate();
    }

    /// <summary>The hyper-parameters.</summary>
    public ModelConfig Config { get; protected init; }

    /// <summary>Width E of <see cref="embed"/>'s output.</summary>
    public abstract int EmbeddingDim { get; }

    /// <summary>
    /// One pretraining pass: the objective and, for masked models, each patch's error and the mask, so validation
    /// can split the loss into masked patches and dropped leads (<see cref="ReconstructionParts"/>). Random draws
    /// (masks, dropped leads, views) come from <paramref name="generator"/>.
    /// </summary>
    public abstract PretrainOutput pretrain_forward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator);

    /// <summary>The self-supervised loss [] for one batch.</summary>
    public Tensor pretrain_loss(Tensor signals, Tensor leadIds, Tensor present, Generator? generator) =>
        pretrain_forward(signals, leadIds, present, generator).Loss;

    /// <summary>The representation [B, E] of each ECG: no masking, all present leads, deterministic.</summary>
    public abstract Tensor embed(Tensor signals, Tensor leadIds, Tensor present);

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}

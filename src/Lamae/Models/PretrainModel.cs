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

    /// <summary>
    /// The same pass without a graph (validation, under no_grad), <paramref name="microBatch"/> ECGs at a time so only
    /// one micro-batch's temporaries are alive at once: the same draws and the same outputs as the whole batch at once.
    /// </summary>
    /// <remarks>This default runs the batch whole; models that can cut it override this.</remarks>
    public virtual PretrainOutput pretrain_forward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator, int microBatch)
    {
        ArgumentNullException.ThrowIfNull(signals);
        RefuseMicroBatches(signals, microBatch);
        return pretrain_forward(signals, leadIds, present, generator);
    }

    /// <summary>The self-supervised loss [] for one batch.</summary>
    public Tensor pretrain_loss(Tensor signals, Tensor leadIds, Tensor present, Generator? generator) =>
        pretrain_forward(signals, leadIds, present, generator).Loss;

    /// <summary>
    /// One training pass with its backward: the self-supervised loss of the whole batch and its gradient, accumulated into
    /// the parameters' gradients, computed <paramref name="microBatch"/> ECGs at a time so only one micro-batch's
    /// activations are alive at once. The gradient is the whole batch's (the same random draws, the same loss, only the
    /// summation order differs). Returns the loss [] without a graph.
    /// </summary>
    /// <remarks>This default runs the batch whole; models that can cut it override this.</remarks>
    public virtual Tensor pretrain_backward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator, int microBatch)
    {
        ArgumentNullException.ThrowIfNull(signals);
        RefuseMicroBatches(signals, microBatch);
        Tensor loss = pretrain_loss(signals, leadIds, present, generator);
        loss.backward();
        return loss.detach();
    }

    /// <summary>The representation [B, E] of each ECG: no masking, all present leads, deterministic.</summary>
    public abstract Tensor embed(Tensor signals, Tensor leadIds, Tensor present);

    private void RefuseMicroBatches(Tensor signals, int microBatch)
    {
        if (microBatch < signals.shape[0])
        {
            throw new NotSupportedException($"{GetName()} cannot run in micro-batches of {microBatch}; use a micro-batch of at least the batch ({signals.shape[0]})");
        }
    }

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}

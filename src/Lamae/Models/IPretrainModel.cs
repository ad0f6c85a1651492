using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// What the pretraining engine and the evaluation need from any Lamae model. Inputs everywhere: signals [B, L, T],
/// canonical lead ids [B, L] (int64, 0-11) and a present mask [B, L] (bool; absent leads are zeros).
/// </summary>
public interface IPretrainModel : IDisposable
{
    /// <summary>The hyper-parameters.</summary>
    ModelConfig Config { get; }

    /// <summary>The self-supervised loss [] for one batch; random draws (masks, dropped leads, views) come from <paramref name="generator"/>.</summary>
    Tensor pretrain_loss(Tensor signals, Tensor leadIds, Tensor present, Generator? generator);

    /// <summary>
    /// The same pass with what the engine reports beside the loss: masked models add each patch's error and the
    /// mask, so validation can split the loss into masked patches and dropped leads (<see cref="ReconstructionParts"/>).
    /// </summary>
    PretrainOutput pretrain_forward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator) =>
        new(pretrain_loss(signals, leadIds, present, generator));

    /// <summary>The representation [B, E] of each ECG: no masking, all present leads, deterministic.</summary>
    Tensor embed(Tensor signals, Tensor leadIds, Tensor present);

    /// <summary>Width E of <see cref="embed"/>'s output.</summary>
    int EmbeddingDim { get; }
}

using static TorchSharp.torch;

namespace Lamae.Training;

/// <summary>A model that can be pretrained by <see cref="Pretrainer"/>: a TorchSharp module with a self-supervised loss.</summary>
public interface IPretrainingModel
{
    /// <summary>
    /// The self-supervised loss of a batch: signals [B, 12, T] float32 (absent leads are zeros), lead mask [B, 12]
    /// bool; every random choice (masks, lead subsets) draws from <paramref name="generator"/>.
    /// </summary>
    Tensor PretrainingLoss(Tensor signals, Tensor leadMask, Generator generator);
}

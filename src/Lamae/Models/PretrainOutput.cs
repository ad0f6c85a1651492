using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>One pretraining pass as the engine sees it.</summary>
/// <param name="Loss">[] the objective that is minimised.</param>
/// <param name="PatchErrors">[B, L, N] squared error of every patch (masked models; null for the contrastive one).</param>
/// <param name="Mask">The mask that was drawn (masked models; null for the contrastive one).</param>
public sealed record PretrainOutput(Tensor Loss, Tensor? PatchErrors = null, MaskSample? Mask = null);

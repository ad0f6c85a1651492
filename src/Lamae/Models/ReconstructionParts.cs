using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// The masked-patch objective split by where the hidden patch sits: on a lead the encoder saw in part (the
/// per-lead patch mask) or on a lead hidden whole (whole-lead dropout, rebuilt from the other leads alone).
/// Sums and counts, so batches add up exactly; the objective is the count-weighted mean of the two.
/// </summary>
public readonly record struct ReconstructionParts(double MaskedSum, long MaskedCount, double DroppedSum, long DroppedCount)
{
    /// <summary>Mean error over the hidden patches of leads that stayed visible; null when there were none.</summary>
    public double? MaskedLoss => MaskedCount == 0 ? null : MaskedSum / MaskedCount;

    /// <summary>Mean error over the patches of whole dropped leads; null when no lead was dropped.</summary>
    public double? DroppedLoss => DroppedCount == 0 ? null : DroppedSum / DroppedCount;

    public static ReconstructionParts operator +(ReconstructionParts a, ReconstructionParts b) =>
        new(a.MaskedSum + b.MaskedSum, a.MaskedCount + b.MaskedCount, a.DroppedSum + b.DroppedSum, a.DroppedCount + b.DroppedCount);

    /// <summary>The parts of one pass; all zero for a model without patch errors (contrastive).</summary>
    public static ReconstructionParts Of(PretrainOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.PatchErrors is not { } errors || output.Mask is not { } mask)
        {
            return default;
        }

        using var scope = NewDisposeScope();
        Tensor e = errors.detach().to(ScalarType.Float64);  // [B, L, N]
        Tensor masked = mask.LossMask.logical_and(mask.LeadVisible.unsqueeze(2));  // [B, L, N]
        Tensor dropped = mask.LossMask.logical_and(mask.LeadDropped.unsqueeze(2));  // [B, L, N]
        return new ReconstructionParts(
            e.masked_select(masked).sum().item<double>(), masked.sum().item<long>(),
            e.masked_select(dropped).sum().item<double>(), dropped.sum().item<long>());
    }
}

using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Mean squared error over masked patches only (MAE's forward_loss), shared by the masked models.</summary>
public static class MaskedPatchLoss
{
    // MAE adds 1e-6 to the patch variance before dividing (models_mae.py, forward_loss).
    private const double NormPixEps = 1e-6;

    /// <summary>target [B, L, N, P], pred [B, L, N, P], loss mask [B, L, N] -> [] mean over masked patches of the per-patch MSE.</summary>
    public static Tensor Compute(Tensor target, Tensor pred, Tensor lossMask, bool normPix)
    {
        if (normPix)
        {
            Tensor mean = target.mean([-1], keepdim: true);
            Tensor variance = target.var(-1, keepdim: true);
            target = (target - mean) / (variance + NormPixEps).sqrt();
        }

        Tensor perPatch = (pred - target).square().mean([-1]);  // [B, L, N]
        Tensor m = lossMask.to(perPatch.dtype);
        return perPatch.mul(m).sum() / m.sum().clamp_min(1.0);
    }

    /// <summary>
    /// Visible tokens [B, L, N_vis, D] -> the full sequence [B, L, N, D] in time order, the mask token at hidden
    /// patches and everywhere on leads that are not visible (MAE's ids_restore unshuffle).
    /// </summary>
    public static Tensor Unshuffle(Tensor visible, Tensor maskToken, MaskSample mask)
    {
        long b = visible.shape[0], l = visible.shape[1], nVis = visible.shape[2], d = visible.shape[3], n = mask.IdsRestore.shape[2];
        Tensor maskTokens = maskToken.expand(b, l, n - nVis, d);  // [B, L, N - N_vis, D]
        Tensor x = cat([visible, maskTokens], 2).gather(2, mask.IdsRestore.unsqueeze(-1).expand(b, l, n, d));  // [B, L, N, D]
        return where(mask.LeadVisible.view(b, l, 1, 1), x, maskToken);
    }
}

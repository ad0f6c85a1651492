using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Mean squared error over masked patches only (MAE's forward_loss), shared by the masked models.</summary>
public static class MaskedPatchLoss
{
    // MAE adds 1e-6 to the patch variance before dividing (models_mae.py, forward_loss).
    private const double NormPixEps = 1e-6;

    /// <summary>target [B, L, N, P], pred [B, L, N, P] -> [B, L, N] squared error of each patch, averaged over its samples.</summary>
    public static Tensor PatchErrors(Tensor target, Tensor pred, bool normPix)
    {
        if (normPix)
        {
            Tensor mean = target.mean([-1], keepdim: true);
            Tensor variance = target.var(-1, keepdim: true);
            target = (target - mean) / (variance + NormPixEps).sqrt();
        }

        return (pred - target).square().mean([-1]);  // [B, L, N]
    }

    /// <summary>patch errors [B, L, N], loss mask [B, L, N] -> [] mean over the masked patches.</summary>
    public static Tensor Mean(Tensor patchErrors, Tensor lossMask)
    {
        Tensor m = lossMask.to(patchErrors.dtype);
        return patchErrors.mul(m).sum() / m.sum().clamp_min(1.0);
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

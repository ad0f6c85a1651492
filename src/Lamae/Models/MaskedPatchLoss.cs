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

        Tensor error = pred - target;
        return error.mul(error).mean([-1]);  // [B, L, N]; x * x, not square(): TorchSharp 0.107 leaves square's implicit Scalar to the finalizer, which can free it mid-call
    }

    /// <summary>patch errors [B, L, N], loss mask [B, L, N] -> [] mean over the masked patches.</summary>
    public static Tensor Mean(Tensor patchErrors, Tensor lossMask)
    {
        Tensor m = lossMask.to(patchErrors.dtype);
        return patchErrors.mul(m).sum() / m.sum().clamp_min(1.0);
    }
}

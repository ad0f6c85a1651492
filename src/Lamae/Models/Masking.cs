using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// Which tokens the encoder sees. Every lead keeps the same number of visible slots (N_vis) so tensors stay
/// rectangular; <see cref="LeadVisible"/> says which leads' slots are real (present and not dropped).
/// </summary>
/// <param name="IdsKeep">[B, L, N_vis] int64: patch indices the encoder sees, per lead (meaningful where LeadVisible).</param>
/// <param name="IdsRestore">[B, L, N] int64: inverse permutation that puts [visible, masked] back in time order (MAE's ids_restore).</param>
/// <param name="PatchMasked">[B, L, N] bool: patch hidden by the per-lead random mask (true also for absent and dropped leads).</param>
/// <param name="LeadVisible">[B, L] bool: lead present and not dropped; only these leads' tokens reach the encoder's cross-lead steps.</param>
/// <param name="LeadDropped">[B, L] bool: present lead hidden whole; the decoder reconstructs it from the latents alone.</param>
/// <param name="LossMask">[B, L, N] bool: patches that count in the loss: hidden patches of present leads.</param>
public sealed record MaskSample(Tensor IdsKeep, Tensor IdsRestore, Tensor PatchMasked, Tensor LeadVisible, Tensor LeadDropped, Tensor LossMask)
{
    /// <summary>Visible slots per lead (N_vis).</summary>
    public long NumVisible => IdsKeep.shape[2];

    /// <summary>ECGs <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> of every part (views, no copy): one micro-batch's mask.</summary>
    public MaskSample Narrow(long start, long length) => new(
        IdsKeep.narrow(0, start, length), IdsRestore.narrow(0, start, length), PatchMasked.narrow(0, start, length),
        LeadVisible.narrow(0, start, length), LeadDropped.narrow(0, start, length), LossMask.narrow(0, start, length));
}

/// <summary>Per-lead random patch masking and whole-lead dropout (DESIGN.md section 5, "Masking"); reproducible from a generator.</summary>
public static class Masking
{
    /// <summary>
    /// Hides exactly <paramref name="numMasked"/> of the <paramref name="numPatches"/> patches of every lead,
    /// independently per lead, and drops whole leads by <paramref name="dropout"/>. Random numbers come from
    /// <paramref name="generator"/> (a CPU generator; null = torch's global one), drawn on the CPU in a fixed order
    /// (patch noise, drop decision, drop count, lead noise, then the time-aligned choice when asked for), so a seed gives the same masks on every device.
    /// </summary>
    /// <param name="present">[B, L] bool: leads the ECG has; each row needs at least one.</param>
    /// <param name="numPatches">Patches per lead (N).</param>
    /// <param name="numMasked">Patches hidden per lead, round(ratio * N).</param>
    /// <param name="dropout">Whole-lead dropout schedule.</param>
    /// <param name="generator">CPU generator for every draw; null uses torch's global generator.</param>
    /// <param name="sharedPatchMask">
    /// Chance that an ECG's leads all hide the same patches (time-aligned masking, so no lead shows a hidden moment);
    /// 0 draws nothing more, so a seed gives the masks of plain per-lead masking.
    /// </param>
    public static MaskSample Sample(Tensor present, int numPatches, int numMasked, LeadDropoutSchedule dropout, Generator? generator, double sharedPatchMask = 0)
    {
        long b = present.shape[0], l = present.shape[1];
        int numVisible = numPatches - numMasked;
        if (numMasked < 0 || numVisible < 1)
        {
            throw new ArgumentException($"masking {numMasked} of {numPatches} patches leaves none visible", nameof(numMasked));
        }

        Device device = present.device;
        Tensor presentCpu = present.to(CPU).to(ScalarType.Bool);
        Tensor numPresent = presentCpu.sum(1);  // [B]
        if (numPresent.min().item<long>() < 1)
        {
            throw new ArgumentException("every ECG needs at least one present lead", nameof(present));
        }

        Tensor noise = rand([b, l, numPatches], generator: generator);  // [B, L, N] patch noise, one row per (ECG, lead)

        // Whole-lead dropout: k ~ U{1..k_max} leads with probability p, k_max = min(floor(f * L_present), L_present - 1).
        Tensor doDrop = rand([b], generator: generator).lt(dropout.Probability);  // [B]
        Tensor u = rand([b], generator: generator);  // [B]
        Tensor kMax = minimum(numPresent.to(ScalarType.Float64).mul(dropout.MaxFraction).floor().to(ScalarType.Int64), numPresent - 1);  // [B]
        Tensor k = where(doDrop.logical_and(kMax.ge(1)), u.to(ScalarType.Float64).mul(kMax).floor().to(ScalarType.Int64).add(1).minimum(kMax), zeros_like(kMax));  // [B]
        Tensor leadNoise = rand([b, l], generator: generator).masked_fill(presentCpu.logical_not(), 2.0);  // absent leads rank last
        Tensor leadRank = leadNoise.argsort(1).argsort(1);  // [B, L]
        Tensor dropped = presentCpu.logical_and(leadRank.lt(k.unsqueeze(1)));  // [B, L]

        // Per-lead patch masking, MAE's random_masking; an ECG drawn for time-aligned masking uses its first lead's row for all.
        if (sharedPatchMask > 0)
        {
            Tensor shared = rand([b], generator: generator).lt(sharedPatchMask).view(b, 1, 1);  // [B, 1, 1]
            noise = where(shared, noise.narrow(1, 0, 1).expand(b, l, numPatches), noise);  // [B, L, N]
        }

        Tensor idsShuffle = noise.argsort(2);  // ascending: small noise is kept
        Tensor idsRestore = idsShuffle.argsort(2);  // [B, L, N]
        Tensor idsKeep = idsShuffle.narrow(2, 0, numVisible);  // [B, L, N_vis]
        Tensor hiddenSorted = cat([zeros(b, l, numVisible, dtype: ScalarType.Bool), ones(b, l, numMasked, dtype: ScalarType.Bool)], 2);
        Tensor patchMasked = hiddenSorted.gather(2, idsRestore);  // [B, L, N], in time order

        Tensor leadVisible = presentCpu.logical_and(dropped.logical_not());
        Tensor patchHidden = patchMasked.logical_or(leadVisible.logical_not().unsqueeze(2));  // [B, L, N]
        Tensor lossMask = patchHidden.logical_and(presentCpu.unsqueeze(2));
        return new MaskSample(idsKeep.to(device), idsRestore.to(device), patchHidden.to(device), leadVisible.to(device), dropped.to(device), lossMask.to(device));
    }

    /// <summary>No masking (representation, evaluation): every patch of every present lead is visible.</summary>
    public static MaskSample None(Tensor present, int numPatches)
    {
        long b = present.shape[0], l = present.shape[1];
        Device device = present.device;
        Tensor presentBool = present.to(ScalarType.Bool);
        Tensor ids = arange(numPatches, dtype: ScalarType.Int64, device: device).expand(b, l, numPatches);  // [B, L, N]
        Tensor noPatchHidden = presentBool.logical_not().unsqueeze(2).expand(b, l, numPatches);  // [B, L, N]
        return new MaskSample(ids, ids, noPatchHidden, presentBool, zeros_like(presentBool), zeros(b, l, numPatches, dtype: ScalarType.Bool, device: device));
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

using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// Where LAMAE's latents sit in time and how strongly attention between latents and tokens prefers nearby times.
/// Latent k is anchored at a_k = (k + 0.5) N / K - 0.5 patches (spread evenly; with K = N one latent per patch).
/// The score bias is ALiBi's (Press et al. 2022) over time distance: head h adds -m_h |t_query - t_key| with
/// m_h = locality / 2^h, so the first head reads its own patch time and the last reads a wide window. Leads stay a
/// set: the bias depends on time only, never on which lead a token came from.
/// </summary>
public static class TimeLocality
{
    /// <summary>Anchor times of <paramref name="latents"/> latents over <paramref name="numPatches"/> patches, in patches.</summary>
    public static double[] Anchors(int latents, int numPatches) =>
        Enumerable.Range(0, latents).Select(k => ((k + 0.5) * numPatches / latents) - 0.5).ToArray();

    /// <summary>Per-head slopes m_h = locality / 2^h, [H].</summary>
    public static double[] Slopes(int heads, double locality) =>
        Enumerable.Range(0, heads).Select(h => locality / Math.Pow(2, h)).ToArray();

    /// <summary>
    /// queryTimes [B|1, Sq], keyTimes [B|1, Sk] (patch units, any numeric type), slopes [H] ->
    /// [B|1, H, Sq, Sk] float32 bias -m_h |t_q - t_k| on the keys' device; null when every slope is zero.
    /// </summary>
    public static Tensor? Bias(Tensor queryTimes, Tensor keyTimes, IReadOnlyList<double> slopes)
    {
        ArgumentNullException.ThrowIfNull(queryTimes);
        ArgumentNullException.ThrowIfNull(keyTimes);
        ArgumentNullException.ThrowIfNull(slopes);
        if (slopes.All(m => m == 0))
        {
            return null;
        }

        Tensor m = tensor(slopes.Select(v => (float)v).ToArray(), device: keyTimes.device).view(1, -1, 1, 1);  // [1, H, 1, 1]
        Tensor tq = queryTimes.to(ScalarType.Float32).unsqueeze(1).unsqueeze(-1);  // [B, 1, Sq, 1]
        Tensor tk = keyTimes.to(ScalarType.Float32).unsqueeze(1).unsqueeze(2);  // [B, 1, 1, Sk]
        return (tq - tk).abs().mul(m).neg();  // [B, H, Sq, Sk]
    }
}

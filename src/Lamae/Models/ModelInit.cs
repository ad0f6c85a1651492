using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// MAE's weight initialisation: Xavier-uniform linear weights, zero biases, LayerNorm (1, 0), normal(0, std) for
/// learned vectors; the patch embedding's Xavier bound is scaled by <see cref="ModelConfig.PatchEmbedGain"/>.
/// </summary>
public static class ModelInit
{
    /// <summary>Initialises every Linear under <paramref name="root"/> and each of <paramref name="vectors"/> (latents, tokens, embeddings).</summary>
    public static void Apply(nn.Module root, ModelConfig config, params Tensor[] vectors)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(config);
        using var noGrad = no_grad();
        foreach (nn.Module m in root.modules())
        {
            if (m is Linear linear)
            {
                nn.init.xavier_uniform_(linear.weight!);
                if (linear.bias is not null)
                {
                    nn.init.zeros_(linear.bias);
                }
            }
        }

        // After the loop above, which also visited the patch embedding's Linear with gain 1.
        foreach (nn.Module m in root.modules())
        {
            if (m is PatchEmbed patchEmbed)
            {
                nn.init.xavier_uniform_(patchEmbed.Projection.weight!, config.PatchEmbedGain);
            }
            else if (config.MimeticAttention && m is Attention attention)
            {
                attention.TieKeyToQueryInit();
            }
            else if (config.MimeticAttention && m is CrossAttention crossAttention)
            {
                crossAttention.TieKeyToQueryInit();
            }
        }

        foreach (Tensor v in vectors)
        {
            nn.init.normal_(v, 0.0, config.InitStd);
        }
    }
}

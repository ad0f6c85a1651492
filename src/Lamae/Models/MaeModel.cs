using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Where the MAE baselines' attention reaches: within each lead, or across all leads' tokens.</summary>
public enum MaeScope
{
    /// <summary><c>mae-lead</c>: each lead on its own.</summary>
    Lead,

    /// <summary><c>mae-joint</c>: all leads in one sequence (ST-MEM-style).</summary>
    Joint,
}

/// <summary>
/// The masked-autoencoder baselines (DESIGN.md section 5), LAMAE without its cross-lead mechanism: no latents, no lead
/// weighting, no whole-lead dropout. <c>mae-lead</c> encodes and decodes each lead on its own (independent-lead
/// masked modelling); <c>mae-joint</c> (ST-MEM-style) puts the visible tokens of all leads in one sequence with time
/// and lead embeddings, full joint attention in the same encoder blocks (so the same parameters), and a joint decoder.
/// Representation of both: the mean over present leads of the lead summaries (equal to the mean of all tokens).
/// </summary>
public sealed class MaeModel : MaskedAutoencoder<Block>
{
    private readonly LeadEncoder encoder;
    private readonly LayerNorm norm;
    [ComponentName(Name = "fc_norm")]
    private readonly LayerNorm fcNorm;

    /// <summary>Builds the model (whole-lead dropout always off); weights are drawn from torch's global generator.</summary>
    public MaeModel(ModelConfig config, MaeScope scope)
        : base(scope == MaeScope.Lead ? "MaeLeadModel" : "MaeJointModel", NoLeadDropout(config),
            dd => new Block(dd, config.DecoderHeads, config.MlpRatio, config.NormEps))
    {
        Scope = scope;
        encoder = new LeadEncoder(Config);
        norm = nn.LayerNorm(Config.Dim, Config.NormEps);
        fcNorm = nn.LayerNorm(Config.Dim, Config.NormEps, elementwise_affine: false);
        RegisterComponents();
        ModelInit.Apply(this, Config, MaskToken, encoder.LeadEmbed.Weight, DecoderLeadEmbedding);
    }

    /// <summary>Within each lead, or joint.</summary>
    public MaeScope Scope { get; }

    /// <inheritdoc/>
    public override int EmbeddingDim => Config.Dim;

    /// <summary>signals [B, L, T], lead ids [B, L], a mask -> tokens [B, L, N_vis, D], per lead or all leads jointly.</summary>
    public Tensor forward_encoder(Tensor signals, Tensor leadIds, MaskSample mask)
    {
        Tensor h = Scope == MaeScope.Lead ? encoder.forward(signals, leadIds, mask) : encoder.ForwardJoint(signals, leadIds, mask);  // [B, L, N_vis, D]
        return norm.forward(h).mul(mask.LeadVisible.view(h.shape[0], h.shape[1], 1, 1));
    }

    /// <summary>tokens [B, L, N_vis, D], lead ids, the mask, present [B, L] -> predicted patches [B, L, N, P].</summary>
    public Tensor forward_decoder(Tensor tokens, Tensor leadIds, MaskSample mask, Tensor present)
    {
        Tensor x = decoder_input(tokens, leadIds, mask);  // [B, L, N, Dd]
        long b = x.shape[0], l = x.shape[1], n = x.shape[2], dd = x.shape[3];
        if (Scope == MaeScope.Lead)
        {
            x = x.view(b * l, n, dd);  // [B*L, N, Dd]: each lead on its own
            foreach (Block block in DecoderBlocks)
            {
                x = block.forward(x);
            }
        }
        else
        {
            x = x.view(b, l * n, dd);  // [B, L*N, Dd]: all present leads' patches in one sequence
            Tensor valid = present.unsqueeze(2).expand(b, l, n).reshape(b, l * n);  // absent leads' slots are not attended to
            foreach (Block block in DecoderBlocks)
            {
                x = block.forward(x, valid);
            }
        }

        return decoder_pred(x, b, l);  // [B, L, N, P]
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The joint decoder attends to every lead's slots: a lead the encoder did not see is one whose patches are all hidden,
    /// and hidden patches of present leads are attended to in pretraining.
    /// </remarks>
    protected override Tensor forward_masked(Tensor signals, Tensor leadIds, MaskSample mask) =>
        forward_decoder(forward_encoder(signals, leadIds, mask), leadIds, mask, ones_like(mask.LeadVisible));  // [B, L, N, P]

    /// <inheritdoc/>
    protected override Tensor forward_pretrain(Tensor signals, Tensor leadIds, MaskSample mask, Tensor present) =>
        forward_decoder(forward_encoder(signals, leadIds, mask), leadIds, mask, present);  // [B, L, N, P]

    /// <inheritdoc/>
    public override Tensor embed(Tensor signals, Tensor leadIds, Tensor present)
    {
        Tensor h = forward_encoder(signals, leadIds, Masking.None(present, Config.NumPatches));  // [B, L, N, D]
        return fcNorm.forward(mean_over_present(h.mean([2]), present));  // lead summaries [B, L, D] -> [B, D]
    }

    private static ModelConfig NoLeadDropout(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config with { LeadDropout = LeadDropoutSchedule.None };
    }
}

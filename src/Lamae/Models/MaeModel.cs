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
public sealed class MaeModel : nn.Module, IPretrainModel
{
    private readonly LeadEncoder encoder;
    private readonly LayerNorm norm;
    [ComponentName(Name = "fc_norm")]
    private readonly LayerNorm fcNorm;

    [ComponentName(Name = "decoder_embed")]
    private readonly Linear decoderEmbed;
    [ComponentName(Name = "mask_token")]
    private readonly Parameter maskToken;  // [D_dec]
    [ComponentName(Name = "decoder_pos_embed")]
    private readonly Tensor decoderPosEmbed;  // fixed buffer [N, D_dec]
    [ComponentName(Name = "decoder_lead_embed")]
    private readonly LeadEmbedding decoderLeadEmbed;
    [ComponentName(Name = "decoder_blocks")]
    private readonly ModuleList<Block> decoderBlocks;
    [ComponentName(Name = "decoder_norm")]
    private readonly LayerNorm decoderNorm;
    [ComponentName(Name = "decoder_pred")]
    private readonly Linear decoderPred;

    /// <summary>Builds the model; weights are drawn from torch's global generator.</summary>
    public MaeModel(ModelConfig config, MaeScope scope) : base(scope == MaeScope.Lead ? "MaeLeadModel" : "MaeJointModel")
    {
        Scope = scope;
        Config = config.Validate() with { LeadDropout = LeadDropoutSchedule.None };
        int d = config.Dim, dd = config.DecoderDim;
        encoder = new LeadEncoder(config);
        norm = nn.LayerNorm(d, config.NormEps);
        fcNorm = nn.LayerNorm(d, config.NormEps, elementwise_affine: false);
        decoderEmbed = nn.Linear(d, dd);
        maskToken = new Parameter(zeros(dd));
        decoderPosEmbed = SinCosPositions.Create(config.NumPatches, dd, config.PositionMaxPeriod);
        decoderLeadEmbed = new LeadEmbedding(dd);
        decoderBlocks = new ModuleList<Block>(Enumerable.Range(0, config.DecoderDepth)
            .Select(_ => new Block(dd, config.DecoderHeads, config.MlpRatio, config.NormEps)).ToArray());
        decoderNorm = nn.LayerNorm(dd, config.NormEps);
        decoderPred = nn.Linear(dd, config.PatchSize);
        RegisterComponents();
        ModelInit.Apply(this, config, maskToken, encoder.LeadEmbed.Weight, decoderLeadEmbed.Weight);
    }

    /// <summary>Within each lead, or joint.</summary>
    public MaeScope Scope { get; }

    /// <summary>The hyper-parameters (whole-lead dropout always off).</summary>
    public ModelConfig Config { get; }

    /// <inheritdoc/>
    public int EmbeddingDim => Config.Dim;

    /// <summary>signals [B, L, T] -> patches [B, L, N, P].</summary>
    public Tensor patchify(Tensor signals) => encoder.PatchEmbed.Patchify(signals);

    /// <summary>present [B, L] -> per-lead patch mask, no lead dropout.</summary>
    public MaskSample mask(Tensor present, Generator? generator) =>
        Masking.Sample(present, Config.NumPatches, Config.NumMasked, LeadDropoutSchedule.None, generator);

    /// <summary>signals [B, L, T], lead ids [B, L], a mask -> tokens [B, L, N_vis, D], per lead or all leads jointly.</summary>
    public Tensor forward_encoder(Tensor signals, Tensor leadIds, MaskSample mask)
    {
        Tensor tokens = encoder.Embed(signals, leadIds);  // [B, L, N, D]
        Tensor h = Scope == MaeScope.Lead ? encoder.forward(tokens, mask) : encoder.ForwardJoint(tokens, mask);  // [B, L, N_vis, D]
        return norm.forward(h).mul(mask.LeadVisible.view(h.shape[0], h.shape[1], 1, 1));
    }

    /// <summary>tokens [B, L, N_vis, D], lead ids, the mask, present [B, L] -> predicted patches [B, L, N, P].</summary>
    public Tensor forward_decoder(Tensor tokens, Tensor leadIds, MaskSample mask, Tensor present)
    {
        Tensor x = MaskedPatchLoss.Unshuffle(decoderEmbed.forward(tokens), maskToken, mask);  // [B, L, N, Dd]
        long b = x.shape[0], l = x.shape[1], n = x.shape[2], dd = x.shape[3];
        x = x + decoderPosEmbed + decoderLeadEmbed.forward(leadIds).unsqueeze(2);  // [B, L, N, Dd]
        if (Scope == MaeScope.Lead)
        {
            x = x.view(b * l, n, dd);  // [B*L, N, Dd]: each lead on its own
            foreach (Block block in decoderBlocks)
            {
                x = block.forward(x);
            }
        }
        else
        {
            x = x.view(b, l * n, dd);  // [B, L*N, Dd]: all present leads' patches in one sequence
            Tensor valid = present.unsqueeze(2).expand(b, l, n).reshape(b, l * n);  // absent leads' slots are not attended to
            foreach (Block block in decoderBlocks)
            {
                x = block.forward(x, valid);
            }
        }

        return decoderPred.forward(decoderNorm.forward(x)).view(b, l, n, Config.PatchSize);  // [B, L, N, P]
    }

    /// <summary>signals [B, L, T], pred [B, L, N, P] -> [B, L, N] squared error of every patch.</summary>
    public Tensor forward_patch_errors(Tensor signals, Tensor pred) =>
        MaskedPatchLoss.PatchErrors(patchify(signals), pred, Config.NormPixLoss);

    /// <summary>signals, pred, loss mask -> MSE over masked patches.</summary>
    public Tensor forward_loss(Tensor signals, Tensor pred, Tensor lossMask) =>
        MaskedPatchLoss.Mean(forward_patch_errors(signals, pred), lossMask);

    /// <inheritdoc/>
    public PretrainOutput pretrain_forward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator)
    {
        MaskSample m = mask(present, generator);
        Tensor pred = forward_decoder(forward_encoder(signals, leadIds, m), leadIds, m, present);  // [B, L, N, P]
        Tensor errors = forward_patch_errors(signals, pred);  // [B, L, N]
        return new PretrainOutput(MaskedPatchLoss.Mean(errors, m.LossMask), errors, m);
    }

    /// <inheritdoc/>
    public Tensor pretrain_loss(Tensor signals, Tensor leadIds, Tensor present, Generator? generator) =>
        pretrain_forward(signals, leadIds, present, generator).Loss;

    /// <inheritdoc/>
    public Tensor embed(Tensor signals, Tensor leadIds, Tensor present)
    {
        Tensor h = forward_encoder(signals, leadIds, Masking.None(present, Config.NumPatches));  // [B, L, N, D]
        Tensor w = present.to(h.dtype);  // [B, L]
        Tensor summaries = h.mean([2]);  // [B, L, D]
        Tensor mean = summaries.mul(w.unsqueeze(-1)).sum(1) / w.sum(1, keepdim: true);  // [B, D]
        return fcNorm.forward(mean);
    }
}

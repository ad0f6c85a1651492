using Lamae.Core;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>What the encoder hands on: lead tokens, latents, lead summaries and their weights.</summary>
/// <param name="Tokens">[B, L, N_vis, D] lead tokens after the latent rounds and the final norm (zeros for leads not visible).</param>
/// <param name="Latents">[B, K, D] latents after the rounds and the final norm.</param>
/// <param name="Summaries">[B, L, D] per-lead summaries s_l (mean of the lead's tokens).</param>
/// <param name="LeadWeights">[B, L] softmax weights over visible leads (0 elsewhere); rows sum to 1.</param>
/// <param name="Pooled">[B, D] sum_l w_l s_l.</param>
/// <param name="EncoderSummaries">[B, L, D] mean of each lead's tokens straight from the lead-wise encoder, before the latent rounds.</param>
public sealed record EncoderOutput(Tensor Tokens, Tensor Latents, Tensor Summaries, Tensor LeadWeights, Tensor Pooled, Tensor EncoderSummaries);

/// <summary>One pretraining forward pass.</summary>
/// <param name="Loss">[] mean squared error over the masked patches of present leads.</param>
/// <param name="Pred">[B, L, N, P] predicted patches of every lead (present, dropped and absent).</param>
/// <param name="Mask">The mask that was drawn.</param>
/// <param name="LeadWeights">[B, L] adaptive lead weights.</param>
/// <param name="PatchErrors">[B, L, N] squared error of every patch, averaged over its samples.</param>
public sealed record LamaeOutput(Tensor Loss, Tensor Pred, MaskSample Mask, Tensor LeadWeights, Tensor PatchErrors);

/// <summary>A fixed-size representation of each ECG and the lead weights that made it.</summary>
/// <param name="Embedding">[B, 2D]: LayerNorm(concat(mean over latents, sum_l w_l s_l)).</param>
/// <param name="LeadWeights">[B, L] adaptive lead weights (0 for absent leads).</param>
public sealed record Representation(Tensor Embedding, Tensor LeadWeights);

/// <summary>
/// LAMAE, the Latent Attention Masked Autoencoder (arXiv:2603.26475; DESIGN.md section 5). The K latents are anchored
/// in time (one per patch in the presets) and attention between latents and tokens is biased toward nearby times
/// (<see cref="TimeLocality"/>), so what crosses between leads is what each lead shows at each moment; leads remain
/// an unordered set. The masked decoder's shared parts live in <see cref="MaskedAutoencoder{TBlock}"/>. Methods follow
/// the data: patchify, mask, forward_encoder, forward_decoder, forward_patch_errors, forward_loss, forward; represent
/// for inference. Inputs are signals [B, L, T], canonical lead ids [B, L] (0-11, see <see cref="Lead"/>) and a present
/// mask [B, L]; any lead subset, in any order, is valid.
/// </summary>
public sealed class LamaeModel : MaskedAutoencoder<DecoderBlock>
{
    private readonly LeadEncoder encoder;
    private readonly LatentAttention latent;
    private readonly LayerNorm norm;
    [ComponentName(Name = "lead_score")]
    private readonly Mlp leadScore;
    [ComponentName(Name = "fc_norm")]
    private readonly LayerNorm fcNorm;

    /// <summary>Builds the model; weights are drawn from torch's global generator (seed it with torch.manual_seed).</summary>
    public LamaeModel(ModelConfig config)
        : base(nameof(LamaeModel), config, dd => new DecoderBlock(dd, config.DecoderHeads, config.MlpRatio, config.NormEps))
    {
        int d = Config.Dim;
        encoder = new LeadEncoder(Config);
        latent = new LatentAttention(Config);
        norm = nn.LayerNorm(d, Config.NormEps);
        leadScore = new Mlp(d, Math.Max(1, (int)(d * Config.LeadScoreRatio)), 1, outputBias: false);  // softmax over leads ignores a shared bias
        fcNorm = nn.LayerNorm(2 * d, Config.NormEps, elementwise_affine: false);  // no parameters: the pretraining loss never reaches it
        RegisterComponents();
        ModelInit.Apply(this, Config, latent.Latents, MaskToken, encoder.LeadEmbed.Weight, DecoderLeadEmbedding);
    }

    /// <inheritdoc/>
    public override int EmbeddingDim => 2 * Config.Dim;

    /// <summary>Canonical lead ids 0-11 for every ECG, [B, 12].</summary>
    public static Tensor CanonicalLeadIds(long batch, Device? device = null) =>
        arange(Leads.Count, dtype: ScalarType.Int64, device: device).unsqueeze(0).expand(batch, Leads.Count);


    /// <summary>signals [B, L, T], lead ids [B, L], a mask -> lead tokens, latents and lead weights.</summary>
    public EncoderOutput forward_encoder(Tensor signals, Tensor leadIds, MaskSample mask)
    {
        Tensor leadWise = encoder.forward(signals, leadIds, mask);  // [B, L, N_vis, D], lead-wise, weights shared
        long b = leadWise.shape[0], l = leadWise.shape[1], nVis = leadWise.shape[2], d = leadWise.shape[3];

        // Latent attention over all leads' visible tokens as one set; identity lives in the lead embedding.
        Tensor tokenValid = mask.LeadVisible.unsqueeze(2).expand(b, l, nVis).reshape(b, l * nVis);  // [B, L*N_vis]
        Tensor tokenTimes = mask.IdsKeep.reshape(b, l * nVis);  // [B, L*N_vis] patch index of each token
        (Tensor set, Tensor z) = latent.forward(leadWise.reshape(b, l * nVis, d), tokenValid, tokenTimes);  // [B, L*N_vis, D], [B, K, D]
        Tensor h = norm.forward(set).view(b, l, nVis, d).mul(mask.LeadVisible.view(b, l, 1, 1));  // [B, L, N_vis, D]
        z = norm.forward(z);  // [B, K, D]

        // Adaptive lead weighting: softmax of a learned score over the visible leads only.
        Tensor summaries = h.mean([2]);  // [B, L, D]
        Tensor scores = leadScore.forward(summaries).squeeze(-1).masked_fill(mask.LeadVisible.logical_not(), float.NegativeInfinity);  // [B, L]
        Tensor weights = scores.softmax(1);  // [B, L]
        Tensor pooled = weights.unsqueeze(-1).mul(summaries).sum(1);  // [B, D]
        return new EncoderOutput(h, z, summaries, weights, pooled, leadWise.mean([2]));
    }

    /// <summary>
    /// Encoder output, lead ids [B, L], the mask -> predicted patches [B, L, N, P] for every lead. Each lead's N tokens
    /// (visible ones projected, the rest the mask token) self-attend within the lead and cross-attend to the context:
    /// the K latents plus the lead-weighted pooled vector (so the lead weights are trained by the reconstruction loss).
    /// </summary>
    public Tensor forward_decoder(EncoderOutput encoded, Tensor leadIds, MaskSample mask)
    {
        Tensor x = decoder_input(encoded.Tokens, leadIds, mask);  // [B, L, N, Dd], time order; dropped and absent leads: mask tokens only
        long b = x.shape[0], l = x.shape[1], n = x.shape[2];
        Tensor context = decoder_embed(cat([encoded.Latents, encoded.Pooled.unsqueeze(1)], 1));  // [B, K+1, Dd], read by every lead
        Tensor? bias = latent.ReadBias(arange(n, dtype: ScalarType.Float32, device: x.device).unsqueeze(0), Config.DecoderHeads);  // [1, H, N, K]
        bias = bias is null ? null : nn.functional.pad(bias, [0, 1]).repeat(1, 1, l, 1);  // [1, H, L*N, K+1]: the pooled vector is timeless
        foreach (DecoderBlock block in DecoderBlocks)
        {
            x = block.forward(x, context, bias);  // [B, L, N, Dd]
        }

        return decoder_pred(x, b, l);  // [B, L, N, P]
    }

    /// <inheritdoc/>
    protected override Tensor forward_masked(Tensor signals, Tensor leadIds, MaskSample mask) =>
        forward_decoder(forward_encoder(signals, leadIds, mask), leadIds, mask);  // [B, L, N, P]

    /// <inheritdoc/>
    /// <remarks>LAMAE's decoder reads every lead against the latents; absent leads are already hidden by the mask.</remarks>
    protected override Tensor forward_pretrain(Tensor signals, Tensor leadIds, MaskSample mask, Tensor present)
    {
        CheckInputs(signals, leadIds, present);
        return forward_masked(signals, leadIds, mask);  // [B, L, N, P]
    }

    /// <summary>One pretraining pass: mask, encode, decode, loss. Random draws come from <paramref name="generator"/>.</summary>
    public LamaeOutput forward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator)
    {
        CheckInputs(signals, leadIds, present);
        MaskSample m = mask(present, generator);
        EncoderOutput encoded = forward_encoder(signals, leadIds, m);
        Tensor pred = forward_decoder(encoded, leadIds, m);  // [B, L, N, P]
        Tensor errors = forward_patch_errors(signals, pred);  // [B, L, N]
        return new LamaeOutput(forward_loss(errors, m.LossMask), pred, m, encoded.LeadWeights, errors);
    }

    /// <summary>As above for signals [B, 12, T] in canonical lead order.</summary>
    public LamaeOutput forward(Tensor signals, Tensor present, Generator? generator) =>
        forward(signals, CanonicalLeadIds(signals.shape[0], signals.device), present, generator);

    /// <summary>
    /// The representation of each ECG, no masking, all present leads: [B, <see cref="EmbeddingDimOf"/>] as
    /// <paramref name="readout"/> makes it, and the lead weights [B, L].
    /// </summary>
    public Representation represent(Tensor signals, Tensor leadIds, Tensor present, LamaeReadout readout = LamaeReadout.LatentsAndPooled)
    {
        CheckInputs(signals, leadIds, present);
        EncoderOutput encoded = forward_encoder(signals, leadIds, Masking.None(present, Config.NumPatches));
        long b = signals.shape[0], d = Config.Dim;
        Tensor embedding = readout switch
        {
            LamaeReadout.LatentsAndPooled => fcNorm.forward(cat([encoded.Latents.mean([1]), encoded.Pooled], 1)),  // [B, 2D]
            LamaeReadout.Pooled => nn.functional.layer_norm(encoded.Pooled, [d], eps: Config.NormEps),  // [B, D]
            LamaeReadout.Latents => nn.functional.layer_norm(encoded.Latents.mean([1]), [d], eps: Config.NormEps),  // [B, D]
            LamaeReadout.Leads => LeadSummaries(encoded.Summaries, leadIds, present).reshape(b, Leads.Count * d),  // [B, 12 D]
            LamaeReadout.Encoder => nn.functional.layer_norm(mean_over_present(encoded.EncoderSummaries, present), [d], eps: Config.NormEps),  // [B, D]
            _ => throw new ArgumentOutOfRangeException(nameof(readout), readout, null),
        };
        return new Representation(embedding, encoded.LeadWeights);
    }

    /// <summary>The width of the representation <paramref name="readout"/> makes.</summary>
    public int EmbeddingDimOf(LamaeReadout readout) => readout switch
    {
        LamaeReadout.LatentsAndPooled => 2 * Config.Dim,
        LamaeReadout.Leads => Leads.Count * Config.Dim,
        _ => Config.Dim,
    };

    // summaries [B, L, D] in input order -> [B, 12, D] in canonical order (by lead id), each normalised, absent leads zero:
    // the same vector whatever the order the leads came in.
    private Tensor LeadSummaries(Tensor summaries, Tensor leadIds, Tensor present)
    {
        long b = summaries.shape[0], d = summaries.shape[2];
        Tensor normed = nn.functional.layer_norm(summaries, [d], eps: Config.NormEps).mul(present.unsqueeze(-1).to(summaries.dtype));  // [B, L, D]
        Tensor index = leadIds.unsqueeze(-1).expand(-1, -1, d);  // [B, L, D]
        return zeros(b, Leads.Count, d, dtype: summaries.dtype, device: summaries.device).scatter(1, index, normed);  // [B, 12, D]
    }

    /// <summary>As above for signals [B, 12, T] in canonical lead order.</summary>
    public Representation represent(Tensor signals, Tensor present) =>
        represent(signals, CanonicalLeadIds(signals.shape[0], signals.device), present);

    /// <inheritdoc/>
    public override Tensor embed(Tensor signals, Tensor leadIds, Tensor present) => represent(signals, leadIds, present).Embedding;

    private void CheckInputs(Tensor signals, Tensor leadIds, Tensor present)
    {
        if (signals.dim() != 3 || signals.shape[2] != Config.Samples)
        {
            throw new ArgumentException($"signals must be [B, L, {Config.Samples}], got [{string.Join(", ", signals.shape)}]", nameof(signals));
        }

        long b = signals.shape[0], l = signals.shape[1];
        if (leadIds.dim() != 2 || leadIds.shape[0] != b || leadIds.shape[1] != l || present.dim() != 2 || present.shape[0] != b || present.shape[1] != l)
        {
            throw new ArgumentException($"lead ids and present mask must be [{b}, {l}] like the signals' first two axes");
        }
    }
}

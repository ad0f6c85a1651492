using Lamae.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// The masked decoder that LAMAE and the MAE baselines share, written once like MAE's <c>models_mae.py</c>: patchify,
/// mask, the decoder's prelude (project the visible tokens, put the mask token at hidden patches, add time position
/// and lead identity), its blocks (<typeparamref name="TBlock"/>, chosen by the model), its head, the patch errors and
/// the loss. A model writes only its encoder and how its decoder blocks read context. Weight names are MAE's, at the
/// top level of the model (<c>decoder_embed</c>, <c>mask_token</c>, <c>decoder_pos_embed</c>, <c>decoder_lead_embed</c>,
/// <c>decoder_blocks</c>, <c>decoder_norm</c>, <c>decoder_pred</c>).
/// </summary>
/// <typeparam name="TBlock">The decoder block: self-attention only (MAE) or self- then cross-attention (LAMAE).</typeparam>
public abstract class MaskedAutoencoder<TBlock> : PretrainModel, ILeadReconstructor where TBlock : nn.Module
{
    // Private fields of a base class are registered after the subclass's own (TorchSharp walks the subclass first), so
    // the order of weights, of their initialisation and of AdamW's moments in a checkpoint is the one every model had
    // when it wrote these fields itself.
    [ComponentName(Name = "decoder_embed")]
    private readonly Linear decoderEmbed;
    [ComponentName(Name = "mask_token")]
    private readonly Parameter maskToken;  // [D_dec]
    [ComponentName(Name = "decoder_pos_embed")]
    private readonly Tensor decoderPosEmbed;  // fixed buffer [N, D_dec]
    [ComponentName(Name = "decoder_lead_embed")]
    private readonly LeadEmbedding decoderLeadEmbed;
    [ComponentName(Name = "decoder_blocks")]
    private readonly ModuleList<TBlock> decoderBlocks;
    [ComponentName(Name = "decoder_norm")]
    private readonly LayerNorm decoderNorm;
    [ComponentName(Name = "decoder_pred")]
    private readonly Linear decoderPred;

    /// <summary>
    /// Builds the decoder parts; the subclass builds its encoder, then calls <c>RegisterComponents()</c> and
    /// <see cref="ModelInit.Apply"/> with <see cref="MaskToken"/> and <see cref="DecoderLeadEmbedding"/> among its vectors.
    /// </summary>
    protected MaskedAutoencoder(string name, ModelConfig config, Func<int, TBlock> newDecoderBlock) : base(name, config)
    {
        ArgumentNullException.ThrowIfNull(newDecoderBlock);
        int dd = Config.DecoderDim;
        decoderEmbed = nn.Linear(Config.Dim, dd);
        maskToken = new Parameter(zeros(dd));
        decoderPosEmbed = SinCosPositions.Create(Config.NumPatches, dd, Config.PositionMaxPeriod);
        decoderLeadEmbed = new LeadEmbedding(dd);
        decoderBlocks = new ModuleList<TBlock>(Enumerable.Range(0, Config.DecoderDepth).Select(_ => newDecoderBlock(dd)).ToArray());
        decoderNorm = nn.LayerNorm(dd, Config.NormEps);
        decoderPred = nn.Linear(dd, Config.PatchSize);
    }

    /// <summary>The learned mask token [D_dec], initialised by the subclass with its other vectors.</summary>
    protected Tensor MaskToken => maskToken;

    /// <summary>The decoder's lead identity table [12, D_dec], initialised by the subclass.</summary>
    protected Tensor DecoderLeadEmbedding => decoderLeadEmbed.Weight;

    /// <summary>The decoder blocks, which the subclass runs in its own attention scope.</summary>
    protected IEnumerable<TBlock> DecoderBlocks => decoderBlocks;

    /// <summary>signals [B, L, T] -> patches [B, L, N, P].</summary>
    public Tensor patchify(Tensor signals) => PatchEmbed.Patchify(signals, Config.PatchSize);

    /// <summary>present [B, L] -> per-lead patch mask plus the model's whole-lead dropout, drawn from <paramref name="generator"/>.</summary>
    public MaskSample mask(Tensor present, Generator? generator) =>
        Masking.Sample(present, Config.NumPatches, Config.NumMasked, Config.LeadDropout, generator, Config.SharedPatchMask);

    /// <summary>Lead summaries [B, L, D], present [B, L] -> their mean over the present leads [B, D] (the baselines' readout).</summary>
    protected static Tensor mean_over_present(Tensor summaries, Tensor present)
    {
        Tensor w = present.to(summaries.dtype).unsqueeze(-1);  // [B, L, 1]
        return summaries.mul(w).sum(1).div(w.sum(1));  // [B, D]
    }

    /// <summary>Encoder-width vectors [..., D] -> decoder width [..., D_dec] (the decoder's input projection).</summary>
    protected Tensor decoder_embed(Tensor x) => MixedPrecision.Linear(decoderEmbed, x);

    /// <summary>
    /// Visible tokens [B, L, N_vis, D], lead ids [B, L], the mask -> decoder input [B, L, N, D_dec] in time order: the
    /// mask token at hidden patches and on leads that are not visible, plus time position and lead identity.
    /// </summary>
    protected Tensor decoder_input(Tensor tokens, Tensor leadIds, MaskSample mask)
    {
        Tensor x = Masking.Unshuffle(MixedPrecision.Linear(decoderEmbed, tokens), maskToken, mask);  // [B, L, N, Dd]
        return x + decoderPosEmbed + decoderLeadEmbed.forward(leadIds).unsqueeze(2);  // [B, L, N, Dd]
    }

    /// <summary>Decoded tokens ([B, L, N, D_dec], [B*L, N, D_dec] or [B, L*N, D_dec]) -> predicted patches [B, L, N, P].</summary>
    protected Tensor decoder_pred(Tensor x, long batch, long leads) =>
        MixedPrecision.Linear(decoderPred, decoderNorm.forward(x)).view(batch, leads, Config.NumPatches, Config.PatchSize);

    /// <summary>
    /// The model's own encoder then decoder under <paramref name="mask"/>: signals [B, L, T], lead ids [B, L] -> predicted
    /// patches [B, L, N, P] of every lead, those the encoder did not see included (the hook <see cref="reconstruct"/> needs).
    /// </summary>
    protected abstract Tensor forward_masked(Tensor signals, Tensor leadIds, MaskSample mask);

    /// <summary>
    /// The prediction pretraining scores: signals [B, L, T], lead ids [B, L], the mask, present [B, L] -> predicted
    /// patches [B, L, N, P]. Absent leads are never visible; a decoder that attends across leads also skips their slots.
    /// </summary>
    protected abstract Tensor forward_pretrain(Tensor signals, Tensor leadIds, MaskSample mask, Tensor present);

    /// <summary>One pretraining pass: mask, encode, decode, patch errors and their mean over the masked patches.</summary>
    public override PretrainOutput pretrain_forward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator) =>
        pretrain_forward(signals, leadIds, present, generator, int.MaxValue);

    /// <inheritdoc/>
    public override PretrainOutput pretrain_forward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator, int microBatch)
    {
        MaskSample m = mask(present, generator);
        Tensor errors = MicroBatches.Concat(signals.shape[0], microBatch, (start, length) => PartErrors(signals, leadIds, present, m, start, length));  // [B, L, N]
        return new PretrainOutput(forward_loss(errors, m.LossMask), errors, m);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The mask is drawn for the whole batch first, and each micro-batch's squared errors are divided by the number of
    /// masked patches in the whole batch, so the micro-batches' losses add up to the batch's loss and their gradients to
    /// its gradient.
    /// </remarks>
    public override Tensor pretrain_backward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator, int microBatch)
    {
        MaskSample m = mask(present, generator);
        Tensor count = m.LossMask.sum().to(ScalarType.Float32).clamp_min(1.0);  // [] masked patches in the whole batch
        Tensor total = zeros([], device: signals.device);
        foreach ((long start, long length) in MicroBatches.Of(signals.shape[0], microBatch))
        {
            using var scope = NewDisposeScope();
            Tensor errors = PartErrors(signals, leadIds, present, m, start, length);  // [b, L, N]
            Tensor loss = errors.mul(m.LossMask.narrow(0, start, length).to(errors.dtype)).sum() / count;  // [] this micro-batch's share of the batch's loss
            loss.backward();
            total.add_(loss.detach());
        }

        return total;
    }

    // ECGs start to start + length of the batch under their part of the whole batch's mask -> patch errors [b, L, N].
    private Tensor PartErrors(Tensor signals, Tensor leadIds, Tensor present, MaskSample m, long start, long length)
    {
        Tensor partSignals = signals.narrow(0, start, length);  // [b, L, T]
        Tensor pred = forward_pretrain(partSignals, leadIds.narrow(0, start, length), m.Narrow(start, length), present.narrow(0, start, length));  // [b, L, N, P]
        return forward_patch_errors(partSignals, pred);  // [b, L, N]
    }

    /// <summary>
    /// Rebuilds leads from the others (missing-lead reconstruction): signals [B, L, T], lead ids [B, L], visible [B, L]
    /// (present and kept; at least one per ECG) -> [B, L, T] where visible leads are the input copied bitwise and every
    /// other lead is the decoder's prediction. Every patch of a visible lead is shown (<see cref="Masking.None"/>); the
    /// other leads reach the decoder as mask tokens only, as leads hidden whole by whole-lead dropout do in pretraining.
    /// Their input samples are zeroed first, so nothing of them can leak in. Call it in eval mode under no_grad.
    /// </summary>
    public Tensor reconstruct(Tensor signals, Tensor leadIds, Tensor visible)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(visible);
        if (Config.NormPixLoss)
        {
            throw new InvalidOperationException("a model trained with NormPixLoss predicts per-patch normalised shapes, not signals; it cannot rebuild leads");
        }

        Tensor shown = visible.to(ScalarType.Bool);  // [B, L]
        Tensor seen = signals.mul(shown.unsqueeze(-1).to(signals.dtype));  // [B, L, T]: hidden leads zeroed
        Tensor pred = forward_masked(seen, leadIds, Masking.None(shown, Config.NumPatches));  // [B, L, N, P]
        Tensor rebuilt = pred.flatten(2);  // [B, L, T]: unpatchify
        return where(shown.unsqueeze(-1), signals, rebuilt);  // [B, L, T]
    }

    /// <summary>signals [B, L, T], pred [B, L, N, P] -> [B, L, N] squared error of every patch (normalised targets with NormPixLoss).</summary>
    public Tensor forward_patch_errors(Tensor signals, Tensor pred) =>
        MaskedPatchLoss.PatchErrors(patchify(signals), pred, Config.NormPixLoss);

    /// <summary>signals [B, L, T], pred [B, L, N, P], loss mask [B, L, N] -> [] mean squared error over the masked patches.</summary>
    public Tensor forward_loss(Tensor signals, Tensor pred, Tensor lossMask) =>
        forward_loss(forward_patch_errors(signals, pred), lossMask);

    /// <summary>patch errors [B, L, N], loss mask [B, L, N] -> [] their mean over the masked patches (MAE's forward_loss).</summary>
    public Tensor forward_loss(Tensor patchErrors, Tensor lossMask) => MaskedPatchLoss.Mean(patchErrors, lossMask);
}

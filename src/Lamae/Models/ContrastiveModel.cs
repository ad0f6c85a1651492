using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// Baseline <c>contrastive</c> (DESIGN.md section 5): two disjoint random subsets of each ECG's present leads are
/// encoded by the lead-wise encoder (no masking) and pooled; InfoNCE with a fixed temperature aligns the two views
/// of the same ECG against the other ECGs of the batch. Representation: mean over present leads of the lead summaries.
/// </summary>
public sealed class ContrastiveModel : PretrainModel
{
    private readonly LeadEncoder encoder;
    private readonly LayerNorm norm;
    [ComponentName(Name = "fc_norm")]
    private readonly LayerNorm fcNorm;

    /// <summary>Builds the model; weights are drawn from torch's global generator.</summary>
    public ContrastiveModel(ModelConfig config) : base(nameof(ContrastiveModel), config)
    {
        encoder = new LeadEncoder(Config);
        norm = nn.LayerNorm(Config.Dim, Config.NormEps);
        fcNorm = nn.LayerNorm(Config.Dim, Config.NormEps, elementwise_affine: false);
        RegisterComponents();
        ModelInit.Apply(this, Config, encoder.LeadEmbed.Weight);
    }

    /// <inheritdoc/>
    public override int EmbeddingDim => Config.Dim;

    /// <summary>
    /// present [B, L] -> two disjoint views [B, L] each: a random half (rounded up) of the present leads and the rest.
    /// An ECG with a single lead uses it in both views.
    /// </summary>
    public static (Tensor ViewA, Tensor ViewB) split_views(Tensor present, Generator? generator)
    {
        Tensor presentCpu = present.to(CPU).to(ScalarType.Bool);
        Tensor noise = rand(presentCpu.shape, generator: generator).masked_fill(presentCpu.logical_not(), 2.0);  // absent leads last
        Tensor rank = noise.argsort(1).argsort(1);  // [B, L]
        Tensor half = presentCpu.sum(1, keepdim: true).add(1).div(2, rounding_mode: RoundingMode.floor);  // ceil(L_present / 2)
        Tensor a = presentCpu.logical_and(rank.lt(half));
        Tensor b = presentCpu.logical_and(a.logical_not());
        b = where(b.any(1, keepdim: true), b, a);
        return (a.to(present.device), b.to(present.device));
    }

    /// <summary>signals [B, L, T], lead ids, the leads to use [B, L] -> pooled lead summaries [B, D] (mean over those leads).</summary>
    public Tensor forward_encoder(Tensor signals, Tensor leadIds, Tensor leads)
    {
        Tensor h = norm.forward(encoder.forward(signals, leadIds, Masking.None(leads, Config.NumPatches)));  // [B, L, N, D]
        Tensor w = leads.to(h.dtype).unsqueeze(-1);  // [B, L, 1]
        return h.mean([2]).mul(w).sum(1) / w.sum(1);  // [B, D]
    }

    /// <summary>Two views' pooled vectors [B, D] -> symmetric InfoNCE over the batch.</summary>
    public Tensor forward_loss(Tensor a, Tensor b)
    {
        Tensor za = nn.functional.normalize(a, dim: -1), zb = nn.functional.normalize(b, dim: -1);
        Tensor logits = matmul(za, zb.t()).div(Config.ContrastiveTemperature);  // [B, B]
        Tensor targets = arange(a.shape[0], dtype: ScalarType.Int64, device: a.device);
        return (nn.functional.cross_entropy(logits, targets) + nn.functional.cross_entropy(logits.t(), targets)) / 2;
    }

    /// <inheritdoc/>
    public override PretrainOutput pretrain_forward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator) =>
        pretrain_forward(signals, leadIds, present, generator, int.MaxValue);

    /// <inheritdoc/>
    public override PretrainOutput pretrain_forward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator, int microBatch)
    {
        (Tensor viewA, Tensor viewB) = split_views(present, generator);
        return new PretrainOutput(forward_loss(EncodeInParts(signals, leadIds, viewA, microBatch), EncodeInParts(signals, leadIds, viewB, microBatch)));
    }

    // forward_encoder over the batch, microBatch ECGs at a time -> [B, D]; each part's temporaries are freed before the next.
    private Tensor EncodeInParts(Tensor signals, Tensor leadIds, Tensor leads, int microBatch) =>
        MicroBatches.Concat(signals.shape[0], microBatch, (start, length) =>
            forward_encoder(signals.narrow(0, start, length), leadIds.narrow(0, start, length), leads.narrow(0, start, length)));

    /// <inheritdoc/>
    /// <remarks>
    /// InfoNCE ties every ECG to every other in the batch, so the batch cannot simply be cut. Micro-batches use gradient
    /// caching (Gao et al. 2021, "Scaling Deep Contrastive Learning Batch Size under Memory Limited Setup"): both views are
    /// encoded without a graph, micro-batch by micro-batch; the loss and its gradient with respect to those pooled vectors
    /// [B, D] are taken over the whole batch; then each micro-batch is encoded again with a graph and that cached
    /// gradient is sent back through it. The result is the whole batch's gradient, at one extra forward pass. The model
    /// has no dropout, so the second encoding equals the first.
    /// </remarks>
    public override Tensor pretrain_backward(Tensor signals, Tensor leadIds, Tensor present, Generator? generator, int microBatch)
    {
        long b = signals.shape[0];
        if (microBatch >= b)
        {
            return base.pretrain_backward(signals, leadIds, present, generator, microBatch);  // one pass with its graph
        }

        (Tensor viewA, Tensor viewB) = split_views(present, generator);
        Tensor a, bView;
        using (no_grad())
        {
            a = EncodeInParts(signals, leadIds, viewA, microBatch).requires_grad_(true);  // [B, D] leaves
            bView = EncodeInParts(signals, leadIds, viewB, microBatch).requires_grad_(true);
        }

        Tensor loss = forward_loss(a, bView);
        loss.backward();  // fills a.grad and bView.grad [B, D]; no parameter is reached
        Tensor gradA = a.grad!, gradB = bView.grad!;
        foreach ((long start, long length) in MicroBatches.Of(b, microBatch))
        {
            using var scope = NewDisposeScope();
            Tensor partSignals = signals.narrow(0, start, length), partIds = leadIds.narrow(0, start, length);
            Tensor pa = forward_encoder(partSignals, partIds, viewA.narrow(0, start, length));  // [b, D]
            Tensor pb = forward_encoder(partSignals, partIds, viewB.narrow(0, start, length));  // [b, D]
            pa.mul(gradA.narrow(0, start, length)).sum().add(pb.mul(gradB.narrow(0, start, length)).sum()).backward();
        }

        return loss.detach();
    }

    /// <inheritdoc/>
    public override Tensor embed(Tensor signals, Tensor leadIds, Tensor present) => fcNorm.forward(forward_encoder(signals, leadIds, present));
}

using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// The lead-wise encoder shared by LAMAE and its baselines: token = patch + time + lead embedding, then
/// <c>depth</c> self-attention blocks over each lead's visible tokens, weights shared across leads.
/// </summary>
public sealed class LeadEncoder : nn.Module
{
    [ComponentName(Name = "patch_embed")]
    private readonly PatchEmbed patchEmbed;
    [ComponentName(Name = "lead_embed")]
    private readonly LeadEmbedding leadEmbed;
    [ComponentName(Name = "pos_embed")]
    private readonly Tensor posEmbed;  // fixed buffer [N, D]
    private readonly ModuleList<Block> blocks;

    public LeadEncoder(ModelConfig config) : base(nameof(LeadEncoder))
    {
        patchEmbed = new PatchEmbed(config.PatchSize, config.Dim);
        leadEmbed = new LeadEmbedding(config.Dim);
        posEmbed = SinCosPositions.Create(config.NumPatches, config.Dim, config.PositionMaxPeriod);
        blocks = new ModuleList<Block>(Enumerable.Range(0, config.LeadDepth)
            .Select(_ => new Block(config.Dim, config.Heads, config.MlpRatio, config.NormEps)).ToArray());
        RegisterComponents();
    }

    /// <summary>The learned lead identity table (initialised by the owning model).</summary>
    public LeadEmbedding LeadEmbed => leadEmbed;

    /// <summary>The patch embedding (its patchify is the model's).</summary>
    public PatchEmbed PatchEmbed => patchEmbed;

    /// <summary>
    /// signals [B, L, T], lead ids [B, L], the mask -> the visible tokens after the blocks, [B, L, N_vis, D]; leads that
    /// are not visible (absent or dropped) are skipped and come back as zeros.
    /// </summary>
    public Tensor forward(Tensor signals, Tensor leadIds, MaskSample mask)
    {
        using var scope = NewDisposeScope();  // frees the embedding's temporaries now
        long b = signals.shape[0], l = signals.shape[1], nVis = mask.NumVisible;
        Tensor rows = mask.LeadVisible.reshape(-1).nonzero().squeeze(1);  // [M] rows of visible leads
        long m = rows.shape[0];
        Tensor h = Embed(signals, leadIds, mask.IdsKeep, PadRows(rows, b * l));  // [M', N_vis, D], M' >= M
        foreach (Block block in blocks)
        {
            h = block.forward(h);
        }

        h = h.narrow(0, 0, m);  // [M, N_vis, D]: the padding rows are dropped, so they get no gradient
        return zeros(b * l, nVis, h.shape[2], dtype: h.dtype, device: h.device).index_copy(0, rows, h).view(b, l, nVis, -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Rows [M] of visible leads -> [M'] with M' = M rounded up to a multiple of <see cref="RowBucket"/> (at most
    /// <paramref name="all"/>): the first row repeated. Each row is its own sequence, so the extra rows change nothing,
    /// and are dropped after the blocks. Whole-lead dropout makes M differ from step to step; without this every M
    /// is a new shape, and oneDNN compiles and caches a new bf16 kernel for each (0.26 GB more peak memory at batch 64
    /// in bf16: bench/README.md, "Micro-batches") and glibc's heap fragments over the many sizes. It costs at most
    /// RowBucket - 1 rows of encoder work.
    /// </summary>
    private static Tensor PadRows(Tensor rows, long all)
    {
        long m = rows.shape[0];
        long padded = Math.Min((m + RowBucket - 1) / RowBucket * RowBucket, all);
        return padded <= m || m == 0 ? rows : cat([rows, rows.narrow(0, 0, 1).expand(padded - m)]);  // [M']
    }

    /// <summary>Visible rows are run in multiples of this many (<see cref="PadRows"/>).</summary>
    public const int RowBucket = 16;

    /// <summary>
    /// The same blocks over all leads' visible tokens as one sequence (the mae-joint baseline): signals [B, L, T], lead
    /// ids [B, L], the mask -> [B, L, N_vis, D], keys of leads that are not visible masked out.
    /// </summary>
    public Tensor ForwardJoint(Tensor signals, Tensor leadIds, MaskSample mask)
    {
        using var scope = NewDisposeScope();
        long b = signals.shape[0], l = signals.shape[1], nVis = mask.NumVisible;
        Tensor x = Embed(signals, leadIds, mask.IdsKeep, arange(b * l, dtype: ScalarType.Int64, device: signals.device));  // [B*L, N_vis, D]
        x = x.view(b, l * nVis, -1);  // [B, L*N_vis, D]
        Tensor valid = mask.LeadVisible.unsqueeze(2).expand(b, l, nVis).reshape(b, l * nVis);  // [B, L*N_vis]
        foreach (Block block in blocks)
        {
            x = block.forward(x, valid);
        }

        return x.view(b, l, nVis, -1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// signals [B, L, T], lead ids [B, L], visible patch ids [B, L, N_vis], rows [M] of the flattened [B*L] leads to embed ->
    /// tokens [M, N_vis, D] = patch + time + lead. Only the visible patches are embedded: the same tokens as embedding
    /// every patch and then gathering (MAE's order), at the cost of the visible quarter.
    /// </summary>
    private Tensor Embed(Tensor signals, Tensor leadIds, Tensor idsKeep, Tensor rows)
    {
        long b = signals.shape[0], l = signals.shape[1], nVis = idsKeep.shape[2];
        Tensor patches = patchEmbed.Patchify(signals.reshape(b * l, -1).index_select(0, rows));  // [M, N, P]
        Tensor ids = idsKeep.reshape(b * l, nVis).index_select(0, rows);  // [M, N_vis]
        Tensor visible = patches.gather(1, ids.unsqueeze(-1).expand(-1, -1, patches.shape[2]));  // [M, N_vis, P]
        Tensor x = patchEmbed.Project(visible);  // [M, N_vis, D]
        Tensor time = posEmbed.index_select(0, ids.reshape(-1)).view(ids.shape[0], nVis, -1);  // [M, N_vis, D]
        Tensor lead = leadEmbed.forward(leadIds.reshape(-1).index_select(0, rows)).unsqueeze(1);  // [M, 1, D]
        return x + time + lead;
    }
}

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

    /// <summary>signals [B, L, T], lead ids [B, L] -> tokens [B, L, N, D] = patch + time + lead.</summary>
    public Tensor Embed(Tensor signals, Tensor leadIds)
    {
        Tensor x = patchEmbed.forward(signals);  // [B, L, N, D]
        return x + posEmbed + leadEmbed.forward(leadIds).unsqueeze(2);  // + [N, D] + [B, L, 1, D]
    }

    /// <summary>
    /// tokens [B, L, N, D] -> the visible ones after the blocks, [B, L, N_vis, D]; leads that are not visible
    /// (absent or dropped) are skipped by the blocks and come back as zeros.
    /// </summary>
    public Tensor forward(Tensor tokens, MaskSample mask)
    {
        long b = tokens.shape[0], l = tokens.shape[1], d = tokens.shape[3], nVis = mask.NumVisible;
        Tensor index = mask.IdsKeep.unsqueeze(-1).expand(b, l, nVis, d);
        Tensor x = tokens.gather(2, index).reshape(b * l, nVis, d);  // [B*L, N_vis, D]

        Tensor rows = mask.LeadVisible.reshape(-1).nonzero().squeeze(1);  // [M] rows of visible leads
        Tensor h = x.index_select(0, rows);  // [M, N_vis, D]
        foreach (Block block in blocks)
        {
            h = block.forward(h);
        }

        return zeros_like(x).index_copy(0, rows, h).view(b, l, nVis, d);  // [B, L, N_vis, D]
    }

    /// <summary>
    /// The same blocks over all leads' visible tokens as one sequence (the mae-joint baseline):
    /// tokens [B, L, N, D] -> [B, L, N_vis, D], keys of leads that are not visible masked out.
    /// </summary>
    public Tensor ForwardJoint(Tensor tokens, MaskSample mask)
    {
        long b = tokens.shape[0], l = tokens.shape[1], d = tokens.shape[3], nVis = mask.NumVisible;
        Tensor x = tokens.gather(2, mask.IdsKeep.unsqueeze(-1).expand(b, l, nVis, d)).reshape(b, l * nVis, d);  // [B, L*N_vis, D]
        Tensor valid = mask.LeadVisible.unsqueeze(2).expand(b, l, nVis).reshape(b, l * nVis);  // [B, L*N_vis]
        foreach (Block block in blocks)
        {
            x = block.forward(x, valid);
        }

        return x.view(b, l, nVis, d);
    }
}

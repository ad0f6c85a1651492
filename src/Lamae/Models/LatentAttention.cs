using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// LAMAE's cross-lead mechanism: K learned latents read the visible tokens of all leads as one set, attend
/// among themselves, and every lead token reads the latents back. Information moves between leads only here.
/// With <see cref="ModelConfig.LatentTimeAnchors"/> each latent also carries the sin-cos time position of its
/// anchor, and with <see cref="ModelConfig.LatentLocality"/> the reads between latents and tokens prefer nearby
/// times (<see cref="TimeLocality"/>), so the latents hold what all leads say about each moment of the beat.
/// </summary>
public sealed class LatentAttention : nn.Module
{
    private readonly Parameter latents;  // [K, D]
    [ComponentName(Name = "latent_pos_embed")]
    private readonly Tensor latentPosEmbed;  // fixed buffer [K, D]: sin-cos at the anchor times, or zeros
    private readonly ModuleList<LatentRound> rounds;
    private readonly float[] anchorTimes;  // [K] anchor times in patches
    private readonly int heads;
    private readonly double locality;

    public LatentAttention(ModelConfig config) : base(nameof(LatentAttention))
    {
        latents = new Parameter(zeros(config.Latents, config.Dim));
        double[] anchors = TimeLocality.Anchors(config.Latents, config.NumPatches);
        anchorTimes = anchors.Select(a => (float)a).ToArray();
        heads = config.Heads;
        locality = config.LatentLocality;
        latentPosEmbed = config.LatentTimeAnchors
            ? SinCosPositions.Create(anchors, config.Dim, config.PositionMaxPeriod)
            : zeros(config.Latents, config.Dim);
        rounds = new ModuleList<LatentRound>(Enumerable.Range(0, config.LatentRounds).Select(_ => new LatentRound(config)).ToArray());
        RegisterComponents();
    }

    /// <summary>The learned latents [K, D].</summary>
    public Parameter Latents => latents;

    /// <summary>
    /// tokens [B, S, D] (all leads' visible tokens), tokenValid [B, S], tokenTimes [B, S] (patch index of each token)
    /// -> (tokens [B, S, D], latents [B, K, D]).
    /// </summary>
    public (Tensor Tokens, Tensor Latents) forward(Tensor tokens, Tensor tokenValid, Tensor tokenTimes)
    {
        Tensor z = (latents + latentPosEmbed).unsqueeze(0).expand(tokens.shape[0], -1, -1);  // [B, K, D]
        Tensor? readTokens = TimeLocality.Bias(AnchorTimes(tokens.device), tokenTimes, TimeLocality.Slopes(heads, locality));  // [B, H, K, S] or null
        Tensor? readLatents = readTokens?.transpose(2, 3);  // [B, H, S, K]
        foreach (LatentRound round in rounds)
        {
            (tokens, z) = round.forward(tokens, tokenValid, z, readTokens, readLatents);
        }

        return (tokens, z);
    }

    /// <summary>
    /// Score bias, with this model's locality, for queries at <paramref name="queryTimes"/> [1|B, Sq] reading the K
    /// latents through an attention of <paramref name="queryHeads"/> heads (the decoder's): [1|B, H', Sq, K], or null.
    /// </summary>
    public Tensor? ReadBias(Tensor queryTimes, int queryHeads) =>
        TimeLocality.Bias(queryTimes, AnchorTimes(queryTimes.device), TimeLocality.Slopes(queryHeads, locality));

    /// <summary>The anchor times as [1, K] on <paramref name="device"/>.</summary>
    private Tensor AnchorTimes(Device device) => tensor(anchorTimes, device: device).unsqueeze(0);
}

/// <summary>One round of latent attention: latents read the leads, think, leads read the latents.</summary>
public sealed class LatentRound : nn.Module
{
    [ComponentName(Name = "latent_cross")]
    private readonly CrossBlock latentCross;
    [ComponentName(Name = "latent_self")]
    private readonly Block latentSelf;
    [ComponentName(Name = "lead_cross")]
    private readonly CrossBlock leadCross;

    public LatentRound(ModelConfig config) : base(nameof(LatentRound))
    {
        latentCross = new CrossBlock(config.Dim, config.Heads, config.MlpRatio, config.NormEps);
        latentSelf = new Block(config.Dim, config.Heads, config.MlpRatio, config.NormEps);
        leadCross = new CrossBlock(config.Dim, config.Heads, config.MlpRatio, config.NormEps);
        RegisterComponents();
    }

    /// <summary>
    /// tokens [B, S, D], tokenValid [B, S], latents [B, K, D], time biases [B, H, K, S] and [B, H, S, K] (or null)
    /// -> (tokens [B, S, D], latents [B, K, D]).
    /// </summary>
    public (Tensor Tokens, Tensor Latents) forward(Tensor tokens, Tensor tokenValid, Tensor latents, Tensor? readTokensBias = null, Tensor? readLatentsBias = null)
    {
        latents = latentCross.forward(latents, tokens, tokenValid, readTokensBias);  // read all leads as a set
        latents = latentSelf.forward(latents);
        tokens = leadCross.forward(tokens, latents, null, readLatentsBias);  // every lead token reads the latents back
        return (tokens, latents);
    }
}

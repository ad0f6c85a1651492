using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// LAMAE's cross-lead mechanism: K learned latents read the visible tokens of all leads as one set, attend
/// among themselves, and every lead token reads the latents back. Information moves between leads only here.
/// </summary>
public sealed class LatentAttention : nn.Module
{
    private readonly Parameter latents;  // [K, D]
    private readonly ModuleList<LatentRound> rounds;

    public LatentAttention(ModelConfig config) : base(nameof(LatentAttention))
    {
        latents = new Parameter(zeros(config.Latents, config.Dim));
        rounds = new ModuleList<LatentRound>(Enumerable.Range(0, config.LatentRounds).Select(_ => new LatentRound(config)).ToArray());
        RegisterComponents();
    }

    /// <summary>The learned latents [K, D].</summary>
    public Parameter Latents => latents;

    /// <summary>tokens [B, S, D] (all leads' visible tokens), tokenValid [B, S] -> (tokens [B, S, D], latents [B, K, D]).</summary>
    public (Tensor Tokens, Tensor Latents) forward(Tensor tokens, Tensor tokenValid)
    {
        Tensor z = latents.unsqueeze(0).expand(tokens.shape[0], -1, -1);  // [B, K, D]
        foreach (LatentRound round in rounds)
        {
            (tokens, z) = round.forward(tokens, tokenValid, z);
        }

        return (tokens, z);
    }
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

    /// <summary>tokens [B, S, D], tokenValid [B, S], latents [B, K, D] -> (tokens [B, S, D], latents [B, K, D]).</summary>
    public (Tensor Tokens, Tensor Latents) forward(Tensor tokens, Tensor tokenValid, Tensor latents)
    {
        latents = latentCross.forward(latents, tokens, tokenValid);  // read all leads as a set
        latents = latentSelf.forward(latents);
        tokens = leadCross.forward(tokens, latents);  // every lead token reads the latents back
        return (tokens, latents);
    }
}

namespace Lamae.Models;

/// <summary>
/// What LAMAE's frozen representation is made of (issue 18: measured, not assumed). None has parameters, so every
/// readout can be taken from the same trained weights.
/// </summary>
public enum LamaeReadout
{
    /// <summary>LayerNorm(concat(mean of the K latents, lead-weighted mean of the lead summaries)) [2D]: the default.</summary>
    LatentsAndPooled,

    /// <summary>LayerNorm(lead-weighted mean of the lead summaries) [D]: adaptive weighting alone.</summary>
    Pooled,

    /// <summary>LayerNorm(mean of the K latents) [D]: latent attention alone.</summary>
    Latents,

    /// <summary>LayerNorm of each lead's summary, in canonical lead order, absent leads zero [12 D]: lead-specific detail kept.</summary>
    Leads,

    /// <summary>
    /// LayerNorm(mean over present leads of each lead's summary straight from the lead-wise encoder, before any latent
    /// round) [D]: mae-lead's readout taken from LAMAE's own lead encoder, to see what that encoder learned.
    /// </summary>
    Encoder,
}

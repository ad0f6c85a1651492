using Lamae.Core;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>A learned vector per canonical lead (Embedding(12, D)), indexed by lead id 0-11 (<see cref="Lead"/>).</summary>
public sealed class LeadEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    public LeadEmbedding(int dim) : base(nameof(LeadEmbedding))
    {
        weight = new Parameter(zeros(Leads.Count, dim));
        RegisterComponents();
    }

    /// <summary>The [12, D] table.</summary>
    public Parameter Weight => weight;

    /// <summary>lead ids [...] (int64, 0-11) -> [..., D].</summary>
    public override Tensor forward(Tensor leadIds)
    {
        Tensor flat = weight.index_select(0, leadIds.reshape(-1));  // [prod(...), D]
        return flat.view([.. leadIds.shape, weight.shape[1]]);
    }
}

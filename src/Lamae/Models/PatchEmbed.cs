using Lamae.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>Cuts each lead into non-overlapping patches of P samples and maps them with one Linear(P, D) shared by all leads.</summary>
public sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Linear proj;

    /// <summary>The shared Linear(P, D).</summary>
    public Linear Projection => proj;

    /// <summary>Samples per patch (P).</summary>
    public int PatchSize { get; }

    public PatchEmbed(int patchSize, int dim) : base(nameof(PatchEmbed))
    {
        PatchSize = patchSize;
        proj = nn.Linear(patchSize, dim);
        RegisterComponents();
    }

    /// <summary>[B, L, T] -> [B, L, N, P], N = T / P (MAE's patchify, one lead at a time).</summary>
    public Tensor Patchify(Tensor signals) => Patchify(signals, PatchSize);

    /// <summary>[B, L, T] -> [B, L, N, P] for patches of <paramref name="patchSize"/> samples.</summary>
    public static Tensor Patchify(Tensor signals, int patchSize)
    {
        ArgumentNullException.ThrowIfNull(signals);
        long t = signals.shape[^1];
        if (t % patchSize != 0)
        {
            throw new ArgumentException($"signal length {t} is not a multiple of the patch size {patchSize}", nameof(signals));
        }

        return signals.unflatten(signals.dim() - 1, [t / patchSize, patchSize]);  // [B, L, N, P]
    }

    /// <summary>[B, L, T] -> [B, L, N, D].</summary>
    public override Tensor forward(Tensor signals) => Project(Patchify(signals));

    /// <summary>Patches [..., P] -> tokens [..., D].</summary>
    public Tensor Project(Tensor patches) => MixedPrecision.Linear(proj, patches);
}

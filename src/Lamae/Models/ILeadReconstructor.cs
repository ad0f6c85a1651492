using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>A model whose decoder can rebuild whole leads from the others (the masked models; not <c>contrastive</c>).</summary>
public interface ILeadReconstructor
{
    /// <summary>
    /// signals [B, L, T], lead ids [B, L], visible [B, L] (present and kept) -> [B, L, T]: visible leads the input copied
    /// bitwise, the others rebuilt by the decoder.
    /// </summary>
    Tensor reconstruct(Tensor signals, Tensor leadIds, Tensor visible);
}

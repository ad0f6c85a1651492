using Lamae.Models;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Lamae.FineTuning;

/// <summary>
/// A pretrained (or freshly built) model's encoder with a linear multi-label head (DESIGN.md section 7, "Fine-tuning"):
/// the model's own representation (<see cref="PretrainModel.embed"/>: no masking, all present leads), then one logit
/// per code. The decoder of a masked model stays in the module, untouched (no gradient reaches it and the optimiser is
/// not given it), so a fine-tuned network still loads the run's weights by their names.
/// </summary>
public sealed class FinetuneNetwork : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "model")]
    private readonly PretrainModel model;
    [ComponentName(Name = "head")]
    private readonly Linear head;

    /// <summary>Wraps <paramref name="model"/> and draws the head from torch's global generator (MAE's head: small normal weights, zero bias).</summary>
    public FinetuneNetwork(PretrainModel model, int codes) : base(nameof(FinetuneNetwork))
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(codes, 1);
        this.model = model;
        head = nn.Linear(model.EmbeddingDim, codes);
        using (no_grad())
        {
            nn.init.trunc_normal_(head.weight, std: 2e-5);  // MAE's main_finetune: trunc_normal_(head.weight, std=2e-5)
            nn.init.zeros_(head.bias!);
        }

        RegisterComponents();
    }

    /// <summary>The wrapped model.</summary>
    public PretrainModel Model => model;

    /// <summary>The head's parameters, for the optimiser's head group.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> HeadParameters => head.named_parameters().Select(p => ($"head.{p.name}", p.parameter));

    /// <summary>
    /// The encoder parameters that the representation uses: every model parameter but a masked model's decoder
    /// (<c>decoder_*</c>, <c>mask_token</c>), which <see cref="PretrainModel.embed"/> never reaches.
    /// </summary>
    public IEnumerable<(string Name, Parameter Parameter)> EncoderParameters =>
        model.named_parameters().Where(p => !IsDecoder(p.name)).Select(p => ($"model.{p.name}", p.parameter));

    /// <summary>Whether a model parameter belongs to the masked decoder (MaskedAutoencoder's names).</summary>
    public static bool IsDecoder(string name) => name.StartsWith("decoder_", StringComparison.Ordinal) || name == "mask_token";

    /// <summary>signals [B, L, T], lead ids [B, L], present [B, L] -> logits [B, C].</summary>
    public override Tensor forward(Tensor signals, Tensor leadIds, Tensor present)
    {
        Tensor e = model.embed(signals, leadIds, present);  // [B, E]
        return head.forward(e);  // [B, C]
    }
}

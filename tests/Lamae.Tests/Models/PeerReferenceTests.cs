using System.Text.Json;
using Lamae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

/// <summary>
/// LAMAE against the PyTorch peer (bench/peer/lamae_peer.py), an independent reading of the model: on the committed
/// micro model, batch and mask, Lamae's loss, predictions, lead weights and gradient norm equal the peer's, computed once
/// by tests/reference/peer_reference.py (PeerReference/peer.safetensors). A change to the model that the peer does not
/// share fails here.
/// </summary>
[Collection(nameof(Training.GlobalTorchRng))]
public sealed class PeerReferenceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Models", "PeerReference");
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public void Lamae_computes_the_peers_loss_predictions_and_gradients_on_the_same_weights_batch_and_mask()
    {
        using var scope = NewDisposeScope();
        ModelConfig config = JsonSerializer.Deserialize<ModelConfig>(File.ReadAllText(Path.Combine(Folder, "config.json")), Json)!;
        Assert.Equal(MicroConfig.Value, config);
        using var model = new LamaeModel(config);
        SafeTensors.LoadInto(Path.Combine(Folder, "model.safetensors"), model);
        using SafeTensorsFile batch = SafeTensors.Load(Path.Combine(Folder, "batch.safetensors"));
        using SafeTensorsFile peer = SafeTensors.Load(Path.Combine(Folder, "peer.safetensors"));
        var mask = new MaskSample(batch["ids_keep"], batch["ids_restore"], batch["patch_masked"], batch["lead_visible"], batch["lead_dropped"], batch["loss_mask"]);
        Tensor signals = batch["signals"], leadIds = batch["lead_ids"];

        EncoderOutput encoded = model.forward_encoder(signals, leadIds, mask);
        Tensor pred = model.forward_decoder(encoded, leadIds, mask);
        Tensor loss = model.forward_loss(signals, pred, mask.LossMask);
        loss.backward();
        float gradNorm = stack(model.parameters().Where(p => p.grad is not null).Select(p => p.grad!.norm()).ToArray()).norm().item<float>();

        Assert.InRange(Math.Abs(loss.item<float>() - peer["loss"].item<float>()), 0, 1e-5);
        Assert.InRange((pred.detach() - peer["pred"]).abs().max().item<float>(), 0, 1e-4);
        Assert.InRange((encoded.LeadWeights.detach() - peer["lead_weights"]).abs().max().item<float>(), 0, 1e-5);
        Assert.InRange(Math.Abs(gradNorm - peer["grad_norm"].item<float>()) / peer["grad_norm"].item<float>(), 0, 1e-4);
    }
}

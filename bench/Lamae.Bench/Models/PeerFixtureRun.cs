using System.Globalization;
using System.Text.Json;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Bench.Models;

/// <summary>
/// `Lamae.Bench peer-fixture OUT [batch=8] [seed=0] [size=tiny|micro] [weights=RUN/model.safetensors]`: what bench/peer/lamae_peer.py
/// needs to prove it computes tiny LAMAE exactly as Lamae does. Writes to OUT:
/// <list type="bullet">
/// <item><c>model.safetensors</c>: the weights (a fresh tiny LAMAE from the seed, or a run's).</item>
/// <item><c>config.json</c>: the model's hyper-parameters (snake_case <see cref="ModelConfig"/>).</item>
/// <item><c>batch.safetensors</c>: signals [B, 12, T], lead ids [B, 12] and present [B, 12] (ECG 1 lacks leads V1-V6,
/// ECG 2 lists its leads in reverse order), the mask Lamae drew (ids_keep, ids_restore, patch_masked, lead_visible, lead_dropped, loss_mask), and
/// Lamae's outputs in fp32: pred [B, 12, N, P], lead_weights [B, 12], loss [], the gradient norm [] after backward, and
/// the loss in bf16 mixed precision [].</item>
/// </list>
/// </summary>
internal static class PeerFixtureRun
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static int Run(string[] args)
    {
        string outDir = args[1];
        var options = new BenchArgs(args.Skip(2));
        int batch = options.Int("batch", 8), seed = options.Int("seed", 0);
        TorchRuntime.Configure(2);
        Directory.CreateDirectory(outDir);

        ModelConfig config = options.Get("size", "tiny") switch
        {
            "tiny" => Presets.Tiny.ModelFor(ModelNames.Lamae),
            "micro" => ModelConfig.Micro,
            string other => throw new ArgumentException($"size={other}: use tiny or micro"),
        };
        random.manual_seed(seed);
        using var model = new LamaeModel(config);
        if (options.Has("weights"))
        {
            SafeTensors.LoadInto(options.Get("weights", ""), model);
        }

        using var scope = NewDisposeScope();
        Tensor signals = randn(batch, 12, config.Samples);
        Tensor leadIds = LamaeModel.CanonicalLeadIds(batch).clone();
        Tensor present = ones(batch, 12, dtype: ScalarType.Bool);
        if (batch > 2)
        {
            present[1, TensorIndex.Slice(6)] = tensor(false);  // ECG 1: limb leads only
            signals[1, TensorIndex.Slice(6)] = tensor(0f);
            leadIds[2] = leadIds[2].flip(0);  // ECG 2: V6 first, I last
        }

        using var generator = new Generator((ulong)seed + 1);
        MaskSample mask = model.mask(present, generator);
        EncoderOutput encoded = model.forward_encoder(signals, leadIds, mask);
        Tensor pred = model.forward_decoder(encoded, leadIds, mask);
        Tensor loss = model.forward_loss(signals, pred, mask.LossMask);
        loss.backward();
        Tensor gradNorm = stack(model.parameters().Where(p => p.grad is not null).Select(p => p.grad!.norm()).ToArray()).norm();
        Tensor lossBf16;
        using (no_grad())
        using (MixedPrecision.Use(ScalarType.BFloat16))
        {
            EncoderOutput e = model.forward_encoder(signals, leadIds, mask);
            lossBf16 = model.forward_loss(signals, model.forward_decoder(e, leadIds, mask), mask.LossMask);
        }

        SafeTensors.Save(Path.Combine(outDir, "model.safetensors"), model);
        SafeTensors.Save(Path.Combine(outDir, "batch.safetensors"),
        [
            ("signals", signals), ("lead_ids", leadIds), ("present", present),
            ("ids_keep", mask.IdsKeep), ("ids_restore", mask.IdsRestore), ("patch_masked", mask.PatchMasked), ("lead_visible", mask.LeadVisible),
            ("lead_dropped", mask.LeadDropped), ("loss_mask", mask.LossMask),
            ("pred", pred.detach()), ("lead_weights", encoded.LeadWeights.detach()), ("loss", loss.detach()),
            ("grad_norm", gradNorm), ("loss_bf16", lossBf16),
        ]);
        File.WriteAllText(Path.Combine(outDir, "config.json"), JsonSerializer.Serialize(config, Json));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {outDir}: {config.Name} LAMAE ({model.ParameterCount:N0} parameters), batch {batch}, loss {loss.item<float>():R}, grad norm {gradNorm.item<float>():R}, bf16 loss {lossBf16.item<float>():R}"));
        return 0;
    }
}

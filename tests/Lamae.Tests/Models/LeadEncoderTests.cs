using Lamae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

[Collection(nameof(Training.GlobalTorchRng))]
public sealed class LeadEncoderTests
{
    [Theory]
    [InlineData(ModelNames.Lamae)]
    [InlineData(ModelNames.MaeLead)]
    [InlineData(ModelNames.MaeJoint)]
    public void The_encoder_embeds_only_visible_patches_of_visible_leads(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        ModelConfig config = MicroConfig.Value with { LeadDropout = new LeadDropoutSchedule(1.0, 0.75) };
        using PretrainModel model = ModelRegistry.Create(name, config);
        Tensor signals = randn(4, 12, config.Samples, generator: new Generator(3));
        Tensor leadIds = LamaeModel.CanonicalLeadIds(4);
        Tensor present = ones(4, 12, dtype: ScalarType.Bool);
        MaskSample mask = Masking.Sample(present, config.NumPatches, config.NumMasked, config.LeadDropout, new Generator(7));
        Assert.True(mask.LeadDropped.any().item<bool>());

        // Change every sample the encoder must not see: hidden patches and whole dropped leads.
        Tensor hidden = mask.PatchMasked.unsqueeze(-1).expand(-1, -1, -1, config.PatchSize).reshape(4, 12, config.Samples);  // [B, L, T]
        Tensor changed = where(hidden, randn(4, 12, config.Samples, generator: new Generator(4)).mul(100), signals);

        Tensor Encode(Tensor s) => model switch
        {
            LamaeModel lamae => lamae.forward_encoder(s, leadIds, mask).Latents,
            MaeModel mae => mae.forward_encoder(s, leadIds, mask),
            _ => throw new InvalidOperationException(name),
        };

        Tensor before = Encode(signals), after = Encode(changed);
        Assert.True(before.eq(after).all().item<bool>());
        Assert.False(changed.eq(signals).all().item<bool>());
    }

    [Fact]
    public void Rows_run_in_buckets_change_neither_outputs_nor_gradients()
    {
        // Two ECGs with 13 visible leads between them run as 16 rows; each alone runs 6 or 7 leads as 12 rows. Padding
        // that leaked into the outputs or the gradients would make the two disagree.
        using var scope = NewDisposeScope();
        manual_seed(12);
        ModelConfig config = MicroConfig.Value;
        using var encoder = new LeadEncoder(config);
        Tensor signals = randn(2, 12, config.Samples, generator: new Generator(5));
        Tensor leadIds = LamaeModel.CanonicalLeadIds(2);
        Tensor present = ones(2, 12, dtype: ScalarType.Bool);
        present[0, TensorIndex.Slice(6)] = false;
        present[1, TensorIndex.Slice(7)] = false;
        MaskSample mask = Masking.Sample(present, config.NumPatches, config.NumMasked, LeadDropoutSchedule.None, new Generator(8));
        Assert.Equal(13L, mask.LeadVisible.sum().item<long>());
        Assert.NotEqual(0, 13 % LeadEncoder.RowBucket);

        Tensor together = encoder.forward(signals, leadIds, mask);  // [2, L, N_vis, D]
        together.sum().backward();
        Tensor gradTogether = encoder.PatchEmbed.parameters().First().grad!.clone();
        encoder.zero_grad();
        Tensor alone = cat(Enumerable.Range(0, 2).Select(i => encoder.forward(signals.narrow(0, i, 1), leadIds.narrow(0, i, 1), mask.Narrow(i, 1))).ToArray(), 0);
        alone.sum().backward();
        Tensor gradAlone = encoder.PatchEmbed.parameters().First().grad!;

        Assert.True((together - alone).abs().max().item<float>() < 1e-5f);
        Assert.True((gradTogether - gradAlone).abs().max().item<float>() < 1e-4f * gradAlone.abs().max().item<float>());
    }
}

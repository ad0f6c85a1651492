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
}

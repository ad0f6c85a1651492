using Lamae.Core;
using Lamae.Models;
using static Lamae.Tests.Training.TrainingTestHelpers;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

/// <summary>The masked models' missing-lead reconstruction: kept leads pass through bitwise, the others are the decoder's.</summary>
public sealed class MaskedAutoencoderReconstructTests
{
    private static Batch Input()
    {
        Tensor signals = randn(2, Leads.Count, MicroConfig.Value.Samples);  // [2, 12, 200]
        return new Batch(signals, LamaeModel.CanonicalLeadIds(2));
    }

    [Theory]
    [InlineData(ModelNames.Lamae)]
    [InlineData(ModelNames.MaeJoint)]
    [InlineData(ModelNames.MaeLead)]
    public void Keeping_every_lead_returns_the_input_bitwise(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using PretrainModel model = ModelRegistry.Create(name, MicroConfig.Value);
        model.eval();
        Batch b = Input();

        Tensor rebuilt;
        using (no_grad())
        {
            rebuilt = ((ILeadReconstructor)model).reconstruct(b.Signals, b.LeadIds, ones(2, Leads.Count, dtype: ScalarType.Bool));
        }

        Assert.True(BitwiseEqual(b.Signals, rebuilt));
    }

    [Theory]
    [InlineData(ModelNames.Lamae)]
    [InlineData(ModelNames.MaeJoint)]
    [InlineData(ModelNames.MaeLead)]
    public void With_a_subset_kept_the_kept_leads_pass_through_and_the_others_are_the_decoders_finite_prediction(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using PretrainModel model = ModelRegistry.Create(name, MicroConfig.Value);
        model.eval();
        Batch b = Input();
        bool[] keptLeads = [true, true, false, false, false, false, false, true, false, false, false, false];   // I, II, V2
        Tensor visible = tensor(keptLeads).unsqueeze(0).expand(2, Leads.Count);

        Tensor rebuilt, hiddenChanged;
        using (no_grad())
        {
            rebuilt = ((ILeadReconstructor)model).reconstruct(b.Signals, b.LeadIds, visible);
            // What the hidden leads held must not matter: the same call with other values there gives the same output.
            Tensor other = where(visible.unsqueeze(-1), b.Signals, randn_like(b.Signals) * 10);
            hiddenChanged = ((ILeadReconstructor)model).reconstruct(other, b.LeadIds, visible);
        }

        for (int l = 0; l < Leads.Count; l++)
        {
            Tensor got = rebuilt.select(1, l), input = b.Signals.select(1, l);
            if (keptLeads[l])
            {
                Assert.True(BitwiseEqual(input.contiguous(), got.contiguous()), $"kept lead {l} changed");
            }
            else
            {
                Assert.True(got.isfinite().all().item<bool>(), $"lead {l} is not finite");
                Assert.False(got.allclose(input), $"lead {l} is the input");
            }
        }

        Assert.True(BitwiseEqual(rebuilt, hiddenChanged), "the hidden leads' input values leaked into the reconstruction");
    }

    [Fact]
    public void The_prediction_of_a_missing_lead_is_the_decoders_output_unpatchified()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var model = new LamaeModel(MicroConfig.Value);
        model.eval();
        Batch b = Input();
        Tensor visible = zeros(2, Leads.Count, dtype: ScalarType.Bool);
        visible[.., 0] = true;   // only lead I

        using var noGrad = no_grad();
        Tensor rebuilt = model.reconstruct(b.Signals, b.LeadIds, visible);
        MaskSample mask = Masking.None(visible, MicroConfig.Value.NumPatches);
        Tensor seen = b.Signals.mul(visible.unsqueeze(-1).to(ScalarType.Float32));
        Tensor pred = model.forward_decoder(model.forward_encoder(seen, b.LeadIds, mask), b.LeadIds, mask);  // [2, 12, N, P]

        Assert.True(BitwiseEqual(pred.select(1, 5).flatten(1).contiguous(), rebuilt.select(1, 5).contiguous()));   // aVF
    }

    private sealed record Batch(Tensor Signals, Tensor LeadIds);
}

using Lamae.Models;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

public class ReconstructionPartsTests
{
    [Fact]
    public void Parts_split_the_objective_into_hidden_patches_of_visible_leads_and_whole_dropped_leads()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(3);
        Tensor present = ones(8, 12, dtype: ScalarType.Bool);
        present[0, 5] = false;
        present[3, 11] = false;
        MaskSample m = Masking.Sample(present, 10, 7, new LeadDropoutSchedule(1.0, 0.75), gen);  // every ECG drops leads
        Tensor errors = rand([8, 12, 10], generator: gen);

        ReconstructionParts parts = ReconstructionParts.Of(new PretrainOutput(MaskedPatchLoss.Mean(errors, m.LossMask), errors, m));

        long visibleLeads = m.LeadVisible.sum().item<long>(), droppedLeads = m.LeadDropped.sum().item<long>();
        Assert.True(droppedLeads >= 8);
        Assert.Equal(visibleLeads * 7, parts.MaskedCount);
        Assert.Equal(droppedLeads * 10, parts.DroppedCount);   // every patch of a dropped lead counts
        double objective = MaskedPatchLoss.Mean(errors, m.LossMask).item<float>();
        double recombined = (parts.MaskedSum + parts.DroppedSum) / (parts.MaskedCount + parts.DroppedCount);
        Assert.Equal(objective, recombined, 5);

        // The dropped part is the mean error over exactly the dropped leads' patches.
        double droppedMean = errors.masked_select(m.LeadDropped.unsqueeze(2).expand(8, 12, 10)).mean().item<float>();
        Assert.Equal(droppedMean, parts.DroppedLoss!.Value, 5);
    }

    [Fact]
    public void Parts_add_up_over_batches_and_are_empty_for_models_without_patch_errors()
    {
        var a = new ReconstructionParts(2.0, 4, 1.0, 10);
        var b = new ReconstructionParts(1.0, 2, 0.0, 0);
        ReconstructionParts sum = a + b;
        Assert.Equal(0.5, sum.MaskedLoss);
        Assert.Equal(0.1, sum.DroppedLoss);
        Assert.Null(b.DroppedLoss);

        using var scope = NewDisposeScope();
        ReconstructionParts none = ReconstructionParts.Of(new PretrainOutput(tensor(1.0f)));
        Assert.Null(none.MaskedLoss);
        Assert.Null(none.DroppedLoss);
    }
}

using Lamae.Models;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

public class MaskingTests
{
    private const int Patches = 10;
    private const int Masked = 8;
    private static readonly bool[] TenOfTwelve = [true, false, true, true, true, true, true, true, true, true, true, false];

    private static Tensor RandomPresent(Generator gen, long batch)
    {
        // Every lead present with probability 0.6, and at least one lead per ECG.
        Tensor present = rand([batch, 12], generator: gen).lt(0.6);
        present[.., 0] = present[.., 0].logical_or(present.sum(1).eq(0));
        return present;
    }

    [Fact]
    public void Each_visible_lead_hides_exactly_round_ratio_n_and_absent_leads_are_never_visible()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(11);
        for (int trial = 0; trial < 20; trial++)
        {
            Tensor present = RandomPresent(gen, 16);
            MaskSample m = Masking.Sample(present, Patches, Masked, new LeadDropoutSchedule(0.5, 1.0), gen);

            Assert.Equal(new long[] { 16, 12, Patches - Masked }, m.IdsKeep.shape);
            Assert.False(m.LeadVisible.logical_and(present.logical_not()).any().item<bool>());
            Assert.False(m.LeadDropped.logical_and(present.logical_not()).any().item<bool>());

            // Leads the encoder sees: exactly N - round(ratio N) patches visible, and IdsKeep names them.
            Tensor visibleCount = m.PatchMasked.logical_not().sum(2);  // [B, L]
            Assert.True(visibleCount.masked_select(m.LeadVisible).eq(Patches - Masked).all().item<bool>());
            Assert.True(visibleCount.masked_select(m.LeadVisible.logical_not()).eq(0).all().item<bool>());
            Tensor keptAreVisible = m.PatchMasked.gather(2, m.IdsKeep).logical_not();  // [B, L, N_vis]
            Assert.True(keptAreVisible.all(2).masked_select(m.LeadVisible).all().item<bool>());

            // Never every lead dropped; the loss covers exactly the hidden patches of present leads.
            Assert.True(m.LeadVisible.sum(1).ge(1).all().item<bool>());
            Assert.True(m.LossMask.eq(m.PatchMasked.logical_and(present.unsqueeze(2))).all().item<bool>());

            Tensor lossPerLead = m.LossMask.sum(2);  // dropped leads count all N patches
            Assert.True(lossPerLead.masked_select(m.LeadDropped).eq(Patches).all().item<bool>());
        }
    }

    [Fact]
    public void Time_aligned_masking_hides_the_same_patches_in_every_lead_of_the_chosen_ecgs()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(3);
        Tensor present = ones(2000, 12, dtype: ScalarType.Bool);
        MaskSample m = Masking.Sample(present, Patches, Masked, LeadDropoutSchedule.None, gen, sharedPatchMask: 0.3);

        Tensor sameAsFirst = m.PatchMasked.eq(m.PatchMasked.narrow(1, 0, 1)).all(2).all(1);  // [B]: every lead hides lead 0's patches
        double share = sameAsFirst.to(ScalarType.Float64).mean().item<double>();
        Assert.InRange(share, 0.26, 0.34);  // p = 0.3; 2000 draws: sd 0.010 (per-lead masks of 12 leads agree by chance with p ~ 1e-17)
        Assert.True(m.PatchMasked.logical_not().sum(2).eq(Patches - Masked).all().item<bool>());

        // All ECGs aligned: IdsKeep is the same in every lead.
        MaskSample all = Masking.Sample(present.narrow(0, 0, 50), Patches, Masked, LeadDropoutSchedule.None, gen, sharedPatchMask: 1);
        Assert.True(all.IdsKeep.eq(all.IdsKeep.narrow(1, 0, 1)).all().item<bool>());
    }

    [Fact]
    public void Without_time_aligned_masking_a_seed_gives_the_same_masks_as_before_it_existed()
    {
        using var scope = NewDisposeScope();
        Tensor present = ones(8, 12, dtype: ScalarType.Bool);
        using var a = new Generator(9);
        using var b = new Generator(9);
        MaskSample plain = Masking.Sample(present, Patches, Masked, new LeadDropoutSchedule(0.5, 0.75), a);
        MaskSample zero = Masking.Sample(present, Patches, Masked, new LeadDropoutSchedule(0.5, 0.75), b, sharedPatchMask: 0);
        Assert.True(plain.PatchMasked.eq(zero.PatchMasked).all().item<bool>());
        Assert.True(plain.LeadDropped.eq(zero.LeadDropped).all().item<bool>());
        Assert.Equal(a.get_state().data<byte>().ToArray(), b.get_state().data<byte>().ToArray());  // nothing more was drawn
    }

    [Fact]
    public void Drop_counts_follow_the_schedule_and_never_take_all_leads()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(5);
        Tensor present = ones(4000, 12, dtype: ScalarType.Bool);
        MaskSample m = Masking.Sample(present, Patches, Masked, new LeadDropoutSchedule(0.5, 0.75), gen);
        long[] dropped = m.LeadDropped.sum(1).data<long>().ToArray();
        double share = dropped.Count(k => k > 0) / (double)dropped.Length;
        Assert.InRange(share, 0.46, 0.54);  // p = 0.5; 4000 draws: sd 0.008
        Assert.Equal(9, dropped.Max());  // floor(0.75 * 12)
        Assert.Equal(1, dropped.Where(k => k > 0).Min());

        MaskSample none = Masking.Sample(present, Patches, Masked, LeadDropoutSchedule.None, gen);
        Assert.False(none.LeadDropped.any().item<bool>());

        // One present lead: it can never be dropped, whatever the schedule.
        Tensor single = zeros(500, 12, dtype: ScalarType.Bool);
        single[.., 7] = true;
        MaskSample one = Masking.Sample(single, Patches, Masked, new LeadDropoutSchedule(1.0, 1.0), gen);
        Assert.True(one.LeadVisible[.., 7].all().item<bool>());
    }

    [Fact]
    public void The_same_seed_gives_the_same_masks()
    {
        using var scope = NewDisposeScope();
        Tensor present = ones(8, 12, dtype: ScalarType.Bool);
        MaskSample Draw(ulong seed)
        {
            using var gen = new Generator(seed);
            return Masking.Sample(present, Patches, Masked, new LeadDropoutSchedule(), gen);
        }

        MaskSample a = Draw(3), b = Draw(3), c = Draw(4);
        Assert.True(a.PatchMasked.eq(b.PatchMasked).all().item<bool>() && a.LeadDropped.eq(b.LeadDropped).all().item<bool>());
        Assert.False(a.PatchMasked.eq(c.PatchMasked).all().item<bool>());
    }

    [Fact]
    public void No_masking_shows_every_patch_of_present_leads()
    {
        using var scope = NewDisposeScope();
        Tensor present = tensor(TenOfTwelve, [1, 12]);
        MaskSample m = Masking.None(present, Patches);
        Assert.Equal(new long[] { 1, 12, Patches }, m.IdsKeep.shape);
        Assert.True(m.LeadVisible.eq(present).all().item<bool>());
        Assert.False(m.LossMask.any().item<bool>());
    }

    [Fact]
    public void An_ecg_without_leads_is_refused()
    {
        using var scope = NewDisposeScope();
        Tensor present = ones(2, 12, dtype: ScalarType.Bool);
        present[1] = false;
        Assert.Throws<ArgumentException>(() => Masking.Sample(present, Patches, Masked, new LeadDropoutSchedule(), null));
    }
}

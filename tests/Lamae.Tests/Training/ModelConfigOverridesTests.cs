using Lamae.Models;
using Lamae.Training;

namespace Lamae.Tests.Training;

public class ModelConfigOverridesTests
{
    [Fact]
    public void Settings_are_changed_by_their_config_json_names_nested_ones_included()
    {
        ModelConfig c = ModelConfigOverrides.Apply(ModelConfig.Tiny, ["latent_rounds=1", "lead_dropout.probability=0.8", "shared_patch_mask=0.5", "latent_time_anchors=false"]);
        Assert.Equal(1, c.LatentRounds);
        Assert.Equal(0.8, c.LeadDropout.Probability);
        Assert.Equal(ModelConfig.Tiny.LeadDropout.MaxFraction, c.LeadDropout.MaxFraction);
        Assert.Equal(0.5, c.SharedPatchMask);
        Assert.False(c.LatentTimeAnchors);
        Assert.Equal(ModelConfig.Tiny with { LatentRounds = 1, LeadDropout = new LeadDropoutSchedule(0.8, ModelConfig.Tiny.LeadDropout.MaxFraction), SharedPatchMask = 0.5, LatentTimeAnchors = false }, c);
    }

    [Fact]
    public void Later_assignments_win_and_none_leaves_the_config_as_it_was()
    {
        Assert.Equal(ModelConfig.Tiny, ModelConfigOverrides.Apply(ModelConfig.Tiny, []));
        Assert.Equal(3, ModelConfigOverrides.Apply(ModelConfig.Tiny, ["latents=8", "latents=3"]).Latents);
    }

    [Theory]
    [InlineData("latent_round=1", "no such model setting")]
    [InlineData("lead_dropout=0.5", "no such model setting")]
    [InlineData("latent_rounds", "expected name=value")]
    [InlineData("latent_rounds=two", "not a valid value for latent_rounds")]
    [InlineData("num_patches=20", "follows from other settings")]
    public void A_bad_assignment_is_refused_with_one_line_naming_it(string assignment, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => ModelConfigOverrides.Apply(ModelConfig.Tiny, [assignment]));
        Assert.Contains(assignment, ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}

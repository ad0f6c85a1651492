using Lamae.Cli.Commands;
using Lamae.Experiments;

namespace Lamae.Tests.Experiments;

public sealed class DemoBudgetTests
{
    private static readonly ExperimentConfig Demo = DemoCommand.BuiltInConfig();

    [Fact]
    public void The_built_in_demo_is_the_shipped_config()
    {
        string shipped = Path.Combine(Support.SharedCorpus.RepositoryRoot(), "configs", "demo.json");

        Assert.Equal(ExperimentConfig.Read(shipped).ToJson(), Demo.ToJson());
    }

    [Fact]
    public void Scaling_shrinks_data_epochs_seeds_and_resamples_but_keeps_the_floors()
    {
        ExperimentConfig small = DemoBudget.Scaled(Demo, 0.08);

        Assert.All(small.Caches, c => Assert.Equal(DemoBudget.MinimumCount.ToString(System.Globalization.CultureInfo.InvariantCulture), StepOptions.Value(c.Options, "count")));
        Assert.All(small.Models, m => Assert.Equal("1", StepOptions.Value(m.Options, "epochs")));
        Assert.All(small.Probes, p => Assert.Equal("1", StepOptions.Value(p.Options, "seeds")));
        Assert.All(small.Probes, p => Assert.Equal("200", StepOptions.Value(p.Options, "resamples")));
        Assert.Same(Demo, DemoBudget.Scaled(Demo, 1));
        Assert.Equal(Demo.Models.Select(m => m.Name), small.Models.Select(m => m.Name));   // the same comparison, smaller
    }

    [Fact]
    public void A_larger_budget_never_gets_a_smaller_plan_and_the_default_fits_its_budget()
    {
        double[] scales = [.. new[] { 1.0, 2, 4, 8, 15, 30 }.Select(m => DemoBudget.Plan(Demo, m, DemoBudget.ReferenceStepSeconds, "/tmp/d").Scale)];

        Assert.Equal(scales.Order(), scales);
        DemoBudget fifteen = DemoBudget.Plan(Demo, 15, DemoBudget.ReferenceStepSeconds, "/tmp/d");
        Assert.True(fifteen.Seconds(ExperimentPlan.Create(fifteen.Config, "/tmp/d")) <= 15 * 60 * 0.85);
    }

    [Fact]
    public void Machines_near_or_above_the_reference_speed_get_the_reference_plan_and_slow_ones_a_smaller_one()
    {
        double reference = DemoBudget.Plan(Demo, 6, DemoBudget.ReferenceStepSeconds, "/tmp/d").Scale;

        Assert.Equal(reference, DemoBudget.Plan(Demo, 6, DemoBudget.ReferenceStepSeconds / 3, "/tmp/d").Scale);
        Assert.Equal(reference, DemoBudget.Plan(Demo, 6, DemoBudget.ReferenceStepSeconds * 1.15, "/tmp/d").Scale);
        Assert.True(DemoBudget.Plan(Demo, 6, DemoBudget.ReferenceStepSeconds * 3, "/tmp/d").Scale < reference);
        Assert.Equal(0.5, DemoBudget.Plan(Demo, 6, DemoBudget.ReferenceStepSeconds * 3, "/tmp/d", scale: 0.5).Scale);   // a resumed demo keeps its plan
    }
}

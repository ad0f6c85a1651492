using Lamae.Training;

namespace Lamae.Tests.Training;

public class LearningRateScheduleTests
{
    private static readonly LearningRateSchedule Schedule = new()
    {
        BaseLearningRate = 1.5e-4, BatchSize = 64, WarmupSteps = 10, TotalSteps = 110, MinLearningRate = 1e-6,
    };

    [Fact]
    public void Peak_scales_with_batch_as_in_mae() =>
        Assert.Equal(1.5e-4 * 64 / 256, Schedule.PeakLearningRate, 15);

    [Fact]
    public void Curve_has_the_right_values_at_key_steps()
    {
        double peak = Schedule.PeakLearningRate;
        Assert.Equal(peak / 10, Schedule.At(0), 15);        // first warm-up step already moves
        Assert.Equal(peak * 5 / 10, Schedule.At(4), 15);
        Assert.Equal(peak, Schedule.At(9), 15);             // end of warm-up
        Assert.Equal(peak, Schedule.At(10), 15);            // cosine starts at the peak
        Assert.Equal(1e-6 + ((peak - 1e-6) / 2), Schedule.At(60), 15);  // half-way: cos(pi/2) = 0
        Assert.Equal(1e-6 + ((peak - 1e-6) * 0.5 * (1 + Math.Cos(Math.PI * 0.25))), Schedule.At(35), 15);
        Assert.Equal(1e-6, Schedule.At(110), 15);           // floor at the end and after
        Assert.Equal(1e-6, Schedule.At(10_000), 15);
    }

    [Fact]
    public void Curve_rises_during_warm_up_and_never_rises_after()
    {
        for (long s = 1; s < 200; s++)
        {
            if (s < Schedule.WarmupSteps)
            {
                Assert.True(Schedule.At(s) > Schedule.At(s - 1));
            }
            else
            {
                Assert.True(Schedule.At(s) <= Schedule.At(s - 1), $"rose at step {s}");
                Assert.True(Schedule.At(s) >= Schedule.MinLearningRate);
            }
        }
    }

    [Fact]
    public void Apply_sets_every_parameter_group()
    {
        using var model = new StandInModel(3);
        using var optimizer = ParameterGroups.Split(model).CreateAdamW(learningRate: 1.0);
        double lr = Schedule.Apply(optimizer, 35);
        Assert.Equal(2, optimizer.ParamGroups.Count());
        Assert.All(optimizer.ParamGroups, g => Assert.Equal(lr, g.LearningRate));
        Assert.Equal(Schedule.At(35), lr);
    }

    [Fact]
    public void Invalid_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => (Schedule with { TotalSteps = 0 }).At(0));
        Assert.Throws<ArgumentException>(() => (Schedule with { MinLearningRate = 1.0 }).At(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.At(-1));
    }

    [Fact]
    public void Without_warm_up_the_first_step_is_at_the_peak() =>
        Assert.Equal(Schedule.PeakLearningRate, (Schedule with { WarmupSteps = 0 }).At(0), 15);
}

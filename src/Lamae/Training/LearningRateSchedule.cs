using TorchSharp;

namespace Lamae.Training;

/// <summary>
/// Linear warm-up then half-cosine decay to a floor, a pure function of the optimiser step, so a resumed run
/// gets exactly the rate it would have had (MAE's <c>adjust_learning_rate</c>, per step instead of per epoch).
/// </summary>
public sealed record LearningRateSchedule
{
    /// <summary>MAE's reference batch: the peak rate is <c>BaseLearningRate * BatchSize / 256</c>.</summary>
    public const int ReferenceBatchSize = 256;

    /// <summary>Learning rate per 256 samples (MAE pretraining: 1.5e-4).</summary>
    public double BaseLearningRate { get; init; } = 1.5e-4;

    public int BatchSize { get; init; } = ReferenceBatchSize;

    /// <summary>Steps of linear warm-up; step <c>s &lt; WarmupSteps</c> runs at <c>peak * (s + 1) / WarmupSteps</c>.</summary>
    public long WarmupSteps { get; init; }

    /// <summary>All optimiser steps of the run; from here on the rate stays at the floor.</summary>
    public long TotalSteps { get; init; } = 1;

    /// <summary>The floor the cosine decays to (MAE pretraining decays to 0).</summary>
    public double MinLearningRate { get; init; }

    public double PeakLearningRate => BaseLearningRate * BatchSize / ReferenceBatchSize;

    /// <summary>The rate for the optimiser step with 0-based index <paramref name="step"/>.</summary>
    public double At(long step)
    {
        Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        double peak = PeakLearningRate;
        if (step < WarmupSteps)
        {
            // (s + 1): the first step already moves; MAE's epoch-based form spends its first step at rate 0.
            return peak * (step + 1) / WarmupSteps;
        }

        if (step >= TotalSteps)
        {
            return MinLearningRate;
        }

        long decaySteps = TotalSteps - WarmupSteps; // > 0 here: WarmupSteps <= step < TotalSteps
        double progress = (double)(step - WarmupSteps) / decaySteps;
        return MinLearningRate + ((peak - MinLearningRate) * 0.5 * (1.0 + Math.Cos(Math.PI * progress)));
    }

    /// <summary>
    /// Sets every parameter group of <paramref name="optimizer"/> to the rate of <paramref name="step"/>, times the group's
    /// share in <paramref name="groupScales"/> when given (one per group); returns the schedule's rate.
    /// </summary>
    public double Apply(torch.optim.Optimizer optimizer, long step, IReadOnlyList<double>? groupScales = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        double lr = At(step);
        int g = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            if (groupScales is not null && g >= groupScales.Count)
            {
                throw new ArgumentException($"{groupScales.Count} rate scales for more parameter groups", nameof(groupScales));
            }

            group.LearningRate = groupScales is null ? lr : lr * groupScales[g];
            g++;
        }

        return lr;
    }

    private void Validate()
    {
        if (BaseLearningRate <= 0 || BatchSize <= 0 || WarmupSteps < 0 || TotalSteps < 1 || MinLearningRate < 0
            || MinLearningRate > PeakLearningRate)
        {
            throw new ArgumentException(
                $"invalid learning-rate schedule: base {BaseLearningRate}, batch {BatchSize}, warm-up {WarmupSteps}, "
                + $"total {TotalSteps}, floor {MinLearningRate} (need base > 0, batch > 0, warm-up >= 0, total >= 1, 0 <= floor <= peak)");
        }
    }
}

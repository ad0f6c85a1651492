using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Training;

/// <summary>How the generic loop clips and checkpoints.</summary>
public sealed record TrainingLoopSettings
{
    /// <summary>Global gradient-norm clip (DESIGN.md section 6).</summary>
    public double MaxGradNorm { get; init; } = GradientClipping.DefaultMaxNorm;

    /// <summary>Write a checkpoint after every this many steps; 0 writes none from <see cref="TrainingLoop.MaybeCheckpoint"/>.</summary>
    public long CheckpointEvery { get; init; }

    /// <summary>Where <see cref="CheckpointFileName"/> is written (the run folder).</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>The latest checkpoint, replaced atomically each time.</summary>
    public string CheckpointFileName { get; init; } = "checkpoint.ckpt";

    /// <summary>
    /// Per optimiser parameter group, its rate as a share of the schedule's (fine-tuning: the encoder's groups below the
    /// head's); null: every group at the schedule's rate.
    /// </summary>
    public IReadOnlyList<double>? GroupRateScales { get; init; }
}

/// <summary>What one optimiser step did.</summary>
public readonly record struct StepResult(long Step, double Loss, double LearningRate, double GradNorm);

/// <summary>
/// The model-agnostic part of pretraining: one step = schedule, forward (given by the caller), non-finite check,
/// backward, clipping, AdamW, all inside one dispose scope; plus periodic atomic checkpoints and exact resume.
/// The caller owns the data order and passes the data position when it checkpoints.
/// </summary>
public sealed class TrainingLoop
{
    private readonly nn.Module model;
    private readonly OptimizerHelper optimizer;
    private readonly LearningRateSchedule schedule;
    private readonly TrainingLoopSettings settings;
    private readonly IReadOnlyDictionary<string, Generator> generators;
    private readonly List<Parameter> parameters;

    public TrainingLoop(nn.Module model, OptimizerHelper optimizer, LearningRateSchedule schedule,
        TrainingLoopSettings? settings = null, IReadOnlyDictionary<string, Generator>? generators = null)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        this.schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        this.settings = settings ?? new TrainingLoopSettings();
        this.generators = generators ?? new Dictionary<string, Generator>();
        parameters = optimizer.parameters().ToList();
    }

    /// <summary>Optimiser steps done; the index of the next step.</summary>
    public long Step { get; private set; }

    /// <summary>The newest checkpoint written or resumed from, named when training stops on a non-finite loss.</summary>
    public string? LastCheckpoint { get; private set; }

    /// <summary>
    /// Runs one optimiser step. <paramref name="computeLoss"/> draws the batch and returns the scalar loss; it runs
    /// inside the step's dispose scope, so everything it makes is freed when the step ends. A non-finite loss or
    /// gradient norm throws <see cref="NonFiniteLossException"/> before the weights change.
    /// </summary>
    public StepResult RunStep(Func<Tensor> computeLoss)
    {
        ArgumentNullException.ThrowIfNull(computeLoss);
        return Run(() =>
        {
            Tensor loss = computeLoss();
            double value = LossValue(loss);  // a non-finite loss stops here, before its backward
            loss.backward();
            return value;
        });
    }

    /// <summary>
    /// Runs one optimiser step whose gradients <paramref name="computeLossAndGradients"/> has already accumulated (for
    /// example micro-batch by micro-batch, <see cref="Models.PretrainModel.pretrain_backward"/>); it returns the scalar
    /// loss. Everything else is as in <see cref="RunStep"/>: the same scope, clipping, checks and AdamW step.
    /// </summary>
    public StepResult RunStepWithGradients(Func<Tensor> computeLossAndGradients)
    {
        ArgumentNullException.ThrowIfNull(computeLossAndGradients);
        return Run(() => LossValue(computeLossAndGradients()));
    }

    // One step around lossAndGradients, which fills the gradients and returns the checked loss: scope, schedule, clipping, AdamW.
    private StepResult Run(Func<double> lossAndGradients)
    {
        using var scope = torch.NewDisposeScope();
        model.train();
        double lr = schedule.Apply(optimizer, Step, settings.GroupRateScales);
        optimizer.zero_grad();
        double lossValue = lossAndGradients();
        double norm = GradientClipping.ClipByNorm(parameters, settings.MaxGradNorm);
        NonFiniteLossException.ThrowIfNotFinite(norm, Step, LastCheckpoint, "gradient norm");
        optimizer.step();
        var result = new StepResult(Step, lossValue, lr, norm);
        Step++;
        return result;
    }

    // The loss as a number; throws NonFiniteLossException when it is not finite.
    private double LossValue(Tensor loss)
    {
        double value = loss.to(ScalarType.Float32).item<float>();
        NonFiniteLossException.ThrowIfNotFinite(value, Step, LastCheckpoint);
        return value;
    }

    /// <summary>Writes a checkpoint when <see cref="Step"/> is a multiple of the interval; returns its path or null.</summary>
    public string? MaybeCheckpoint(CheckpointState position)
    {
        ArgumentNullException.ThrowIfNull(position);
        if (settings.CheckpointEvery <= 0 || Step == 0 || Step % settings.CheckpointEvery != 0)
        {
            return null;
        }

        return SaveCheckpoint(position);
    }

    /// <summary>Writes a checkpoint now; <paramref name="position"/>'s step is replaced by <see cref="Step"/>.</summary>
    public string SaveCheckpoint(CheckpointState position)
    {
        ArgumentNullException.ThrowIfNull(position);
        string folder = settings.CheckpointFolder
            ?? throw new InvalidOperationException("TrainingLoopSettings.CheckpointFolder is not set");
        string path = Path.Combine(folder, settings.CheckpointFileName);
        Checkpoint.Save(path, model, optimizer, position with { Step = Step }, generators);
        LastCheckpoint = path;
        return path;
    }

    /// <summary>Restores model, optimiser, generators and the step from <paramref name="path"/>; returns the saved position.</summary>
    public CheckpointState Resume(string path)
    {
        var state = Checkpoint.Load(path, model, optimizer, generators);
        Step = state.Step;
        LastCheckpoint = path;
        return state;
    }
}

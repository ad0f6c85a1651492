namespace Lamae.FineTuning;

/// <summary>One epoch of one part, a line of metrics.jsonl.</summary>
/// <param name="Part">The protocol's part ("folds", "cv 1/5").</param>
/// <param name="Epoch">0-based epoch within the part.</param>
/// <param name="Step">Optimiser steps done in the part after this epoch.</param>
/// <param name="TrainLoss">Mean weighted BCE of the epoch's steps.</param>
/// <param name="ValidationLoss">Weighted BCE on the part's validation records.</param>
/// <param name="ValidationAuroc">Macro AUROC on the part's validation records (the early-stopping criterion); null when undefined.</param>
/// <param name="Best">Whether this epoch's weights are the best so far (kept).</param>
/// <param name="LearningRate">The head's rate at the epoch's last step.</param>
/// <param name="EcgPerSecond">Training throughput.</param>
/// <param name="Seconds">Wall time of the epoch, validation included.</param>
public sealed record FinetuneEpoch(
    string Part,
    int Epoch,
    long Step,
    double TrainLoss,
    double ValidationLoss,
    double? ValidationAuroc,
    bool Best,
    double LearningRate,
    double EcgPerSecond,
    double Seconds);

/// <summary>A finished part: how it trained and what it predicted.</summary>
/// <param name="Part">The protocol's part.</param>
/// <param name="TrainPatients">Labelled training patients at the fraction.</param>
/// <param name="TrainRecords">Their records.</param>
/// <param name="ValidationRecords">Records that chose the epoch.</param>
/// <param name="TestRecords">Records predicted.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="BestEpoch">The epoch whose weights predicted the test records.</param>
/// <param name="BestValidationAuroc">Its validation macro AUROC.</param>
/// <param name="StoppedEarly">Whether the patience ran out before the last epoch.</param>
/// <param name="Trained">Codes with both classes among the training records (the head learns them).</param>
/// <param name="Constant">Codes with one class there: they predict their training prevalence, as the probe's do.</param>
/// <param name="Test">Test record ids, in cache order.</param>
/// <param name="Scores">Per code (label-set order), the test records' probabilities.</param>
/// <param name="Seconds">Wall time of the part.</param>
public sealed record FinetunePart(
    string Part,
    int TrainPatients,
    int TrainRecords,
    int ValidationRecords,
    int TestRecords,
    int Epochs,
    int BestEpoch,
    double? BestValidationAuroc,
    bool StoppedEarly,
    IReadOnlyList<string> Trained,
    IReadOnlyList<string> Constant,
    IReadOnlyList<string> Test,
    IReadOnlyList<double[]> Scores,
    double Seconds);

/// <summary>Where a fine-tune stands inside a part, kept in each checkpoint beside the data position.</summary>
/// <param name="Part">Index of the part being trained.</param>
/// <param name="BestAuroc">The best validation macro AUROC so far (null: none defined yet).</param>
/// <param name="BestEpoch">Its epoch (-1: none yet).</param>
/// <param name="EpochsWithoutGain">Epochs since the best.</param>
public sealed record FinetunePosition(int Part, double? BestAuroc, int BestEpoch, int EpochsWithoutGain);

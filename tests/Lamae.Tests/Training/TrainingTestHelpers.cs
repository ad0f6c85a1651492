using Lamae.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Tests.Training;

/// <summary>Shared pieces: bitwise tensor comparison and a stand-in training run built from the engine's parts.</summary>
internal static class TrainingTestHelpers
{
    public static bool BitwiseEqual(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape))
        {
            return false;
        }

        using var ca = a.detach().contiguous();
        using var cb = b.detach().contiguous();
        return ca.bytes.SequenceEqual(cb.bytes);
    }

    public static Dictionary<string, Tensor> Snapshot(nn.Module module) =>
        module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    public static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "lamae-training-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}

/// <summary>A stand-in run: model, AdamW with decay groups, schedule, the training loop, data and dropout generators.</summary>
internal sealed class StandInRun : IDisposable
{
    public const long Seed = 1234;

    public StandInRun(long modelSeed, string? checkpointFolder = null, long totalSteps = 40)
    {
        Model = new StandInModel(modelSeed);
        Data = new Generator((ulong)(Seed + 1));
        Dropout = new Generator((ulong)(Seed + 2));
        Model.DropoutGenerator = Dropout;
        Optimizer = ParameterGroups.Split(Model).CreateAdamW(learningRate: 0.0);
        Schedule = new LearningRateSchedule { BaseLearningRate = 0.05, BatchSize = StandInData.BatchSize * 32, WarmupSteps = 5, TotalSteps = totalSteps, MinLearningRate = 1e-4 };
        Loop = new TrainingLoop(Model, Optimizer, Schedule,
            new TrainingLoopSettings { MaxGradNorm = 1.0, CheckpointFolder = checkpointFolder },
            new Dictionary<string, Generator> { ["data"] = Data, ["dropout"] = Dropout });
    }

    public StandInModel Model { get; }

    public Generator Data { get; }

    public Generator Dropout { get; }

    public AdamW Optimizer { get; }

    public LearningRateSchedule Schedule { get; }

    public TrainingLoop Loop { get; }

    public StepResult Step() => Loop.RunStep(() =>
    {
        var (x, leads, target) = StandInData.Batch(Data);
        return nn.functional.mse_loss(Model.forward(x, leads), target);
    });

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
        Data.Dispose();
        Dropout.Dispose();
    }
}

using System.Globalization;
using Lamae.Diagnostics;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Bench.Training;

/// <summary>
/// `Lamae.Bench optimizer MODEL [threads=2] [steps=50] [grad=1e-3] [checkpoint=PATH]`: the optimiser's share of a
/// training step, for a tiny model with random gradients of standard deviation <c>grad</c>: zero_grad, gradient clipping
/// (<see cref="GradientClipping.ClipByNorm"/>) and the AdamW step, each timed alone (median ms). These costs do not depend
/// on the batch, so at small batches they are a large part of a step. <c>checkpoint</c> loads the weights and moments of
/// a run first; <c>grad=1e-20</c> gives squared gradients below float's smallest normal number (denormals).
/// </summary>
internal static class OptimizerStepRun
{
    public static int Run(string[] args)
    {
        string name = args[1];
        var options = new BenchArgs(args.Skip(2));
        int threads = options.Int("threads", 2), steps = options.Int("steps", 50);
        TorchRuntime.Configure(threads);
        random.manual_seed(0);
        using PretrainModel model = ModelRegistry.Create(name, Presets.Tiny.ModelFor(name));
        var optimizer = ParameterGroups.Split(model).CreateAdamW(1e-4);
        List<Parameter> parameters = optimizer.parameters().ToList();
        if (options.Has("checkpoint"))
        {
            Checkpoint.Load(options.Get("checkpoint", ""), model, optimizer);  // the weights and moments of a real run
        }

        double scale = options.Double("grad", 1e-3);
        void FillGradients()  // FlatAdamW gives every parameter its gradient (a view of its flat buffer) when it is made
        {
            using var noGrad = no_grad();
            foreach (Parameter p in parameters)
            {
                p.grad!.copy_(randn_like(p).mul_(scale));
            }
        }

        FillGradients();
        IReadOnlyList<double> zero = CallTimer.Milliseconds(optimizer.zero_grad, 5, steps);
        FillGradients();
        IReadOnlyList<double> clip = CallTimer.Milliseconds(() => GradientClipping.ClipByNorm(parameters), 5, steps);
        IReadOnlyList<double> step = CallTimer.Milliseconds(() => { optimizer.step(); }, 5, steps);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {parameters.Count} parameter tensors, {parameters.Sum(p => p.numel()):N0} values, {threads} threads ({CpuModel.Name()}): "
            + $"zero_grad {CallTimer.Median(zero):F2} ms, clip {CallTimer.Median(clip):F2} ms, AdamW step {CallTimer.Median(step):F2} ms (medians of {steps})"));
        return 0;
    }
}

using System.Diagnostics;
using Lamae.Models;
using Lamae.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Experiments;

/// <summary>
/// How fast this machine pretrains, in a few seconds: tiny LAMAE training steps (forward, backward, AdamW) on a fixed
/// batch of 16 random ECGs, after one warm-up step. The demo compares it with the same measurement on the machine its
/// stage costs were measured on (<see cref="DemoBudget.ReferenceStepSeconds"/>).
/// </summary>
public static class MachineSpeed
{
    /// <summary>Seconds per step, the median of <paramref name="steps"/> timed steps, with <paramref name="threads"/> torch threads.</summary>
    public static double StepSeconds(int threads, int steps = 3)
    {
        TorchRuntime.Configure(threads);
        using var scope = NewDisposeScope();
        using var generator = new Generator(1);
        var random = new Generator(0);
        using var model = new LamaeModel(ModelConfig.Tiny);
        var optimizer = optim.AdamW(model.parameters(), lr: 1e-4, weight_decay: 0.05);
        Tensor signals = randn([16, 12, ModelConfig.Tiny.Samples], generator: random);
        Tensor present = ones(16, 12, dtype: ScalarType.Bool);
        var times = new List<double>();
        for (int i = 0; i <= steps; i++)
        {
            var watch = Stopwatch.StartNew();
            optimizer.zero_grad();
            using (var step = NewDisposeScope())
            {
                Tensor loss = model.forward(signals, present, generator).Loss;
                loss.backward();
                optimizer.step();
            }

            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalSeconds);
            }
        }

        random.Dispose();
        times.Sort();
        return times[times.Count / 2];
    }
}

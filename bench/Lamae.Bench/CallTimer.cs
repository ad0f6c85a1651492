using System.Diagnostics;
using static TorchSharp.torch;

namespace Lamae.Bench;

/// <summary>Times a tensor operation: warm-up calls, then timed calls, each in its own dispose scope.</summary>
internal static class CallTimer
{
    /// <summary>The sorted times in milliseconds of <paramref name="timed"/> calls after <paramref name="warmup"/> untimed ones.</summary>
    public static IReadOnlyList<double> Milliseconds(Func<Tensor> op, int warmup, int timed) => Milliseconds(() => { op(); }, warmup, timed);

    /// <summary>As the tensor form, for an operation that returns nothing (an optimiser step).</summary>
    public static IReadOnlyList<double> Milliseconds(Action op, int warmup, int timed)
    {
        var times = new List<double>();
        for (int i = 0; i < warmup + timed; i++)
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            op();
            if (i >= warmup)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return times;
    }

    /// <summary>The median of a sorted list.</summary>
    public static double Median(IReadOnlyList<double> sorted) => sorted[sorted.Count / 2];
}

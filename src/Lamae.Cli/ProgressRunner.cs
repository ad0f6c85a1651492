using Lamae.Common;
using Spectre.Console;

namespace Lamae.Cli;

/// <summary>Runs long work with a progress bar (count, rate, time left) on a terminal, and silently otherwise.</summary>
public static class ProgressRunner
{
    /// <summary>Runs <paramref name="work"/>, which reports how many of <paramref name="total"/> items are done.</summary>
    public static T Run<T>(CliOutput output, string title, int total, string unit, Func<IProgress<int>, T> work)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(work);
        if (!output.Interactive)
        {
            return work(new Progress<int>(_ => { }));
        }

        T result = default!;
        output.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(unit), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(title, maxValue: total);
                result = work(new SynchronousProgress<int>(v => task.Value = Math.Max(task.Value, v)));
                task.Value = total;
            });
        return result;
    }

    private sealed class RateColumn(string unit) : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            double? speed = task.Speed;
            return new Text(speed is { } s ? $"{s:F0} {unit}/s" : $"- {unit}/s");
        }
    }
}

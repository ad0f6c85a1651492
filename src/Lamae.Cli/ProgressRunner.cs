using Lamae.Common;
using Spectre.Console;

namespace Lamae.Cli;

/// <summary>Where long work stands, as a progress bar shows it.</summary>
/// <param name="Done">Items (records, ECGs, steps) done.</param>
/// <param name="Total">Items in all.</param>
/// <param name="Description">Text beside the bar; null keeps the title.</param>
public readonly record struct ProgressState(long Done, long Total, string? Description = null);

/// <summary>Runs long work with a progress bar (count, rate, time left) on a terminal, and silently otherwise.</summary>
public static class ProgressRunner
{
    /// <summary>Runs <paramref name="work"/>, which reports how many of <paramref name="total"/> items are done.</summary>
    public static T Run<T>(CliOutput output, string title, int total, string unit, Func<IProgress<int>, T> work) =>
        Run<int, T>(output, title, unit, work, done => new ProgressState(done, total));

    /// <summary>
    /// Runs <paramref name="work"/>, which reports progress of its own kind; <paramref name="read"/> says what the bar shows
    /// for each report (the total may change, e.g. once a resumed run knows where it starts).
    /// </summary>
    public static T Run<TProgress, T>(CliOutput output, string title, string unit, Func<IProgress<TProgress>, T> work, Func<TProgress, ProgressState> read)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(read);
        if (!output.Interactive)
        {
            return work(new SynchronousProgress<TProgress>(_ => { }));
        }

        T result = default!;
        output.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(unit), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask(title, maxValue: 1);
                result = work(new SynchronousProgress<TProgress>(p =>
                {
                    ProgressState s = read(p);
                    task.MaxValue = Math.Max(1, s.Total);
                    task.Value = Math.Max(task.Value, s.Done);
                    task.Description = s.Description ?? title;
                }));
                task.Value = task.MaxValue;
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

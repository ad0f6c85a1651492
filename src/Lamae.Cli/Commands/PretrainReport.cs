using System.Globalization;
using Lamae.Cache;
using Lamae.Training;
using Spectre.Console;

namespace Lamae.Cli.Commands;

/// <summary>Renders a finished pretraining run: one JSON document, or a table of its epochs and what its folder holds.</summary>
internal static class PretrainReport
{
    /// <summary>
    /// The line before the first step: what trains on what. It comes while the progress bar is live, so on a terminal it
    /// goes through the bar's console (which prints it above the bar); redirected, to stderr, keeping stdout for results.
    /// </summary>
    public static void Started(CliOutput output, PretrainStart s, EcgCache cache, int threads)
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"lamae pretrain: {s.Model.Name} ({s.Model.Config.Name}), {s.Parameters:N0} parameters, {cache.Records.Count} cached ECGs, {threads} threads");
        if (output.Interactive)
        {
            output.Console.MarkupLine(Markup.Escape(line));
        }
        else
        {
            output.Error.WriteLine(line);
        }
    }

    /// <summary>What the progress bar shows for a step.</summary>
    public static ProgressState Progress(PretrainProgress p) =>
        new(p.Step, p.TotalSteps, string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch + 1} loss {p.Loss:F4} {p.EcgPerSecond:F0} ECG/s"));

    public static void Write(CliOutput output, bool json, PretrainResult result)
    {
        if (json)
        {
            output.WriteJson(new { run = result.Folder.Directory, epochs = result.Epochs, meanPredictorValidationLoss = result.MeanPredictorLevel });
            return;
        }

        var t = new Table().Border(TableBorder.Simple);
        foreach (string column in new[] { "epoch", "step", "train loss", "val loss", "val masked", "val dropped", "lr", "ECG/s", "s" })
        {
            t.AddColumn(column);
        }

        foreach (EpochMetrics m in result.Epochs)
        {
            static string F(double? v, string f) => v is { } x ? x.ToString(f, CultureInfo.InvariantCulture) : "-";
            t.AddRow(F(m.Epoch + 1, "F0"), F(m.Step, "F0"), F(m.TrainLoss, "F4"), F(m.ValidationLoss, "F4"), F(m.ValidationMaskedLoss, "F4"), F(m.ValidationDroppedLoss, "F4"), F(m.LearningRate, "G3"), F(m.EcgPerSecond, "F1"), F(m.Seconds, "F1"));
        }

        output.Console.Write(t);
        if (result.MeanPredictorLevel is { } level)
        {
            output.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"predicting the mean gives a validation loss of {level:F4} (the level to get well below); val masked: hidden patches of visible leads, val dropped: leads hidden whole")));
        }

        output.Console.MarkupLine(Markup.Escape($"run folder {result.Folder.Directory}: {string.Join(", ", RunFolder.FileNames)}"));
    }
}

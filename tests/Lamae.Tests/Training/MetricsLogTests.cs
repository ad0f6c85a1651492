using System.Text.Json;
using Lamae.Training;

namespace Lamae.Tests.Training;

public class MetricsLogTests
{
    [Fact]
    public void One_json_line_per_epoch_round_trips_with_the_documented_field_names()
    {
        string path = Path.Combine(TrainingTestHelpers.TempFolder(), "run", "metrics.jsonl");
        var log = new MetricsLog(path);
        var epochs = Enumerable.Range(0, 3).Select(e => new EpochMetrics
        {
            Epoch = e, Step = 100 * (e + 1), TrainLoss = 1.0 / (e + 1), ValidationLoss = e == 1 ? null : 0.9 / (e + 1),
            LearningRate = 1e-4, EcgPerSecond = 31.5, Seconds = 12.25,
        }).ToList();
        foreach (var m in epochs)
        {
            log.Append(m);
        }

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        using var doc = JsonDocument.Parse(lines[0]);
        Assert.Equal(
            ["epoch", "step", "train_loss", "val_loss", "lr", "ecg_per_s", "seconds"],
            doc.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(epochs, MetricsLog.Read(path));
    }

    [Fact]
    public void A_torn_last_line_is_ignored()
    {
        string path = Path.Combine(TrainingTestHelpers.TempFolder(), "metrics.jsonl");
        new MetricsLog(path).Append(new EpochMetrics { Epoch = 0, TrainLoss = 0.5 });
        File.AppendAllText(path, "{\"epoch\":1,\"st");

        var read = MetricsLog.Read(path);

        Assert.Single(read);
        Assert.Equal(0.5, read[0].TrainLoss);
    }
}

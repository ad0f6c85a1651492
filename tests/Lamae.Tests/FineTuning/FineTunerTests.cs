using Lamae.Cache;
using Lamae.Common;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using Lamae.FineTuning;
using Lamae.Models;
using Lamae.Io.Datasets;
using Lamae.Tests.Models;
using Lamae.Tests.Support;
using Lamae.Training;
using TorchSharp;

namespace Lamae.Tests.FineTuning;

/// <summary>
/// Fine-tuning on a small problem with answers in the signal (the micro LAMAE): it learns, it stops early on validation
/// and keeps the best epoch, it resumes exactly after an interruption, and its predictions join a probe's table.
/// </summary>
[Collection(nameof(Training.GlobalTorchRng))]
public sealed class FineTunerTests : IDisposable
{
    // A small problem with answers in the signal: 150 ECGs of noise at the micro model's rate, one patient each, folds 0-8;
    // I48.91 adds a 1.5 Hz wave to lead II, R00.1 adds a 4 Hz pulse train to V2, each for about half of the records.
    internal static readonly Lazy<string> SharedCache = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), $"lamae-finetune-cache-{Environment.ProcessId}");
        int samples = MicroConfig.Value.Samples, rate = MicroConfig.Value.SampleRate;
        var rng = new Random(4);
        var records = new List<CacheRecord>();
        var values = new List<float[]>();
        for (int i = 0; i < 150; i++)
        {
            bool wave = rng.NextDouble() < 0.5, loud = rng.NextDouble() < 0.5;
            float[] x = Enumerable.Range(0, 12 * samples).Select(_ => (float)Gaussian(rng)).ToArray();
            for (int t = 0; t < samples; t++)
            {
                x[(1 * samples) + t] += wave ? (float)(1.5 * Math.Sin(2 * Math.PI * 1.5 * t / rate)) : 0f;
                x[(7 * samples) + t] += loud ? (float)(t % 5 < 2 ? 1.5 : -1.0) : 0f;
            }

            records.Add(ArrayCache.Record($"r{i:D3}", $"p{i:D3}", 0x0FFF, i % 9, DatasetSplit.Train, [.. wave ? ["I4891"] : Array.Empty<string>(), .. loud ? ["R001"] : Array.Empty<string>()]));
            values.Add(x);
        }

        ArrayCache.Write(dir, records, 12, samples, i => values[i], recordsPerShard: 50, rate: rate);
        return dir;
    });

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static readonly LabelSetOptions Labels = new() { MinPatients = 3 };

    private static readonly FinetuneOptions Learning = new()
    {
        Protocol = ProbeProtocol.Cv, CvParts = 3, Epochs = 30, Patience = 2, BatchSize = 16, LearningRate = 3e-3, CheckpointEvery = 2,
    };

    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    private static FinetuneConfig Config(EcgCache cache, FinetuneOptions options) =>
        FineTuner.Configure("lamae-scratch", new FinetuneSource(null, new ModelSpec(ModelNames.Lamae, MicroConfig.Value)), LabelSets.Icd10, Labels, options, cache);

    [Fact]
    public void Fine_tuning_learns_and_keeps_the_epoch_that_validation_chose()
    {
        using EcgCache cache = EcgCache.Open(SharedCache.Value);
        FinetuneFolder folder = FinetuneFolder.At(Path.Combine(temp.Path, "ft"));

        FinetuneResult result = FineTuner.Run(folder, Config(cache, Learning), cache);

        IReadOnlyList<FinetuneEpoch> epochs = folder.ReadMetrics();
        Assert.True(result.TestAuroc > 0.8, $"test macro AUROC {result.TestAuroc} after fine-tuning; validation: {string.Join(", ", epochs.Select(e => $"{e.Epoch}:{e.ValidationAuroc:F2}/{e.TrainLoss:F2}"))}");
        Assert.Equal(cache.Records.Count, result.TestRecords);  // cv: every record predicted once
        Assert.Contains(result.Parts, p => p.StoppedEarly);
        foreach (FinetunePart part in result.Parts)
        {
            FinetuneEpoch[] lines = epochs.Where(e => e.Part == part.Part).ToArray();
            Assert.Equal(part.Epochs, lines.Length);
            double best = lines.Max(e => e.ValidationAuroc ?? double.NegativeInfinity);
            Assert.Equal(best, part.BestValidationAuroc);  // the kept epoch is validation's best, the first to reach it
            Assert.Equal(lines.First(e => e.ValidationAuroc == best).Epoch, part.BestEpoch);
            if (part.StoppedEarly)
            {
                Assert.Equal(part.BestEpoch + Learning.Patience + 1, part.Epochs);  // stopped after the patience ran out
            }
        }

        Assert.True(File.Exists(folder.PathOf(FinetuneFolder.PredictionsFileName)) && File.Exists(folder.PathOf(FinetuneFolder.CurveFileName)));
        Assert.Throws<LamaeException>(() => FineTuner.Run(folder, Config(cache, Learning), cache));  // a finished folder is not overwritten
    }

    [Fact]
    public void An_interrupted_fine_tune_resumes_to_the_same_bytes()
    {
        using EcgCache cache = EcgCache.Open(SharedCache.Value);
        FinetuneOptions options = Learning with { Epochs = 3, Patience = 3, Fraction = 0.5 };
        FinetuneFolder straight = FinetuneFolder.At(Path.Combine(temp.Path, "straight")), resumed = FinetuneFolder.At(Path.Combine(temp.Path, "resumed"));
        FineTuner.Run(straight, Config(cache, options), cache);

        using (var cts = new CancellationTokenSource())
        {
            // Stop in the second part, mid-epoch, a step after a checkpoint: the first part is finished, the second is not.
            var stop = new SynchronousProgress<FinetuneProgress>(p =>
            {
                if (p.Part == 1 && p.Step == 3)
                {
                    cts.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => FineTuner.Run(resumed, Config(cache, options), cache, new FinetuneControl { Progress = stop, Cancel = cts.Token }));
        }

        Assert.True(File.Exists(resumed.PartPath(0)) && !File.Exists(resumed.PartPath(1)));
        Assert.Contains("--resume", Assert.Throws<LamaeException>(() => FineTuner.Run(resumed, Config(cache, options), cache)).Message, StringComparison.Ordinal);
        Assert.Contains("options.epochs 3 -> 4", Assert.Throws<LamaeException>(() =>
            FineTuner.Run(resumed, Config(cache, options with { Epochs = 4 }), cache, new FinetuneControl { Resume = true })).Message, StringComparison.Ordinal);

        FineTuner.Run(resumed, Config(cache, options), cache, new FinetuneControl { Resume = true });

        Assert.Equal(File.ReadAllBytes(straight.PathOf(FinetuneFolder.PredictionsFileName)), File.ReadAllBytes(resumed.PathOf(FinetuneFolder.PredictionsFileName)));
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(File.ReadAllBytes(straight.BestWeightsPath(k)), File.ReadAllBytes(resumed.BestWeightsPath(k)));
        }
    }

    [Fact]
    public void Fine_tunes_join_a_probe_table_as_rows_with_their_kind()
    {
        using EcgCache cache = EcgCache.Open(SharedCache.Value);
        FinetuneOptions options = Learning with { Epochs = 2 };
        FinetuneFolder ft = FinetuneFolder.At(Path.Combine(temp.Path, "ft1"));
        FineTuner.Run(ft, Config(cache, options), cache);
        torch.random.manual_seed(3);
        using PretrainModel random = ModelRegistry.Create(ModelNames.Random, MicroConfig.Value);
        string embeddings = Path.Combine(temp.Path, "random");
        Embedder.Run(random, new ModelSpec(ModelNames.Random, MicroConfig.Value), null, cache, EmbeddingFolder.Create(embeddings), new EmbedOptions());
        var probe = new ProbeOptions { Fractions = [1], Seeds = 1, Protocol = ProbeProtocol.Cv, CvParts = 3, Bootstrap = new BootstrapOptions { Resamples = 50 } };
        ProbeInputs inputs = ProbeInputs.Load([embeddings], LabelSets.Icd10, Labels);
        inputs = inputs with { Finetuned = ProbeFinetuned.Load([ft.Directory], probe, inputs.Labels, inputs.Provenance) };

        ProbeResult result = ProbeRunner.Run(ProbeFolder.Create(Path.Combine(temp.Path, "probe")), inputs, probe);

        Assert.Equal(["random", "lamae-scratch"], result.Embeddings.Select(e => e.Name));
        Assert.Equal([null, FinetuneKinds.FromScratch], result.Embeddings.Select(e => e.Kind));
        ProbeComparison c = Assert.Single(result.Comparisons);
        Assert.Equal("lamae-scratch", c.Embedding);
        Assert.NotNull(c.Auroc.Difference);
        Assert.Contains("lamae-scratch (from scratch)", ProbeTable.Rows(result, BinaryMetric.Auroc)[1][0], StringComparison.Ordinal);

        // The fine-tune's AUROC in the table is the one of its own predictions.csv.
        Assert.Equal(ft.ReadResult().TestAuroc!.Value, result.Scores.Single(s => s.Embedding == "lamae-scratch").Auroc.Value!.Value, 12);

        // The report names each row's kind and gives the command that remakes the table, fine-tunes included.
        string markdown = Lamae.Reporting.ReportMarkdown.Render(Lamae.Reporting.ProbeReportDocument.Build(Lamae.Reporting.ProbeReportBuilder.Build([Path.Combine(temp.Path, "probe")])));
        Assert.Contains("Linear probe, fine-tuning and training from scratch", markdown, StringComparison.Ordinal);
        Assert.Contains($"--finetuned {ft.Directory}", markdown, StringComparison.Ordinal);
        Assert.Contains("| lamae-scratch | from scratch | lamae |", markdown, StringComparison.Ordinal);

        // Any row can be the reference of the paired differences; it is listed first.
        ProbeResult against = ProbeRunner.Run(ProbeFolder.Create(Path.Combine(temp.Path, "probe2")), inputs, probe with { Reference = "lamae-scratch" });
        Assert.Equal(["lamae-scratch", "random"], against.Embeddings.Select(e => e.Name));
        Assert.Equal(-c.Auroc.Difference!.Value, Assert.Single(against.Comparisons).Auroc.Difference!.Value, 12);
        Assert.Contains("--reference nope: no such row", Assert.Throws<LamaeException>(() =>
            ProbeRunner.Run(ProbeFolder.Create(Path.Combine(temp.Path, "probe3")), inputs, probe with { Reference = "nope" })).Message, StringComparison.Ordinal);

        var missing = Assert.Throws<LamaeException>(() => ProbeFinetuned.Load([ft.Directory], probe with { Fractions = [0.5, 1] }, inputs.Labels, inputs.Provenance));
        Assert.Contains("--fraction 0.5 --seed 0", missing.Message, StringComparison.Ordinal);
        var folds = Assert.Throws<LamaeException>(() => ProbeFinetuned.Load([ft.Directory], probe with { CvParts = 4 }, inputs.Labels, inputs.Provenance));
        Assert.Contains("cv --cv-folds 3", folds.Message, StringComparison.Ordinal);
    }
}

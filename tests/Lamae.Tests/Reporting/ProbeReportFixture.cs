using System.Text.Json;
using Lamae.Common;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using Lamae.Models;
using Lamae.Training;

namespace Lamae.Tests.Reporting;

/// <summary>
/// A small probe written by hand: two embeddings folders (lamae, then random), two codes, two fractions, with the paired
/// differences chosen so that some intervals exclude 0 and others do not; and the embeddings folders themselves (LAMAE's
/// with lead weights) over eight records whose labels give the codes.
/// </summary>
internal static class ProbeReportFixture
{
    public const string LamaeEmbeddings = "lamae", RandomEmbeddings = "random";

    public static readonly double[] Fractions = [0.1, 1];

    // The kept codes in the label set's order (most training patients first, ties ordinal): 3 training patients each.
    public static readonly string[] Codes = ["E11", "I10"];

    // Per record: patient, split, raw codes. Z99 has one training patient, fewer than MinPatients: dropped.
    public static readonly (string Patient, string Split, string[] Codes)[] Records =
    [
        ("p0", "train", ["I10"]),
        ("p1", "train", ["I10", "E11"]),
        ("p2", "train", ["E11"]),
        ("p3", "train", []),
        ("p4", "train", ["I10"]),
        ("p5", "train", ["E11", "Z99"]),
        ("p6", "validation", ["I10"]),
        ("p7", "test", []),
    ];

    public const int MinPatients = 2;

    /// <summary>Lead weight of record r and lead l: distinct, uneven values, so a wrong grouping shows.</summary>
    public static float Weight(int r, int l) => (((r * 12) + l) % 7 + 1) / 10f + (r * 0.001f);

    /// <summary>
    /// The probe result. Random minus lamae: macro AUROC at 10 % is [-0.20, -0.05] (excludes 0: worse), at 100 % it is
    /// [-0.03, 0.02] (holds 0: no claim); macro AUPRC at 10 % is [0.01, 0.04] (better).
    /// </summary>
    public static ProbeResult Result(string lamaeFolder, string randomFolder, string? dataset = "synthetic")
    {
        ProbeEmbedding[] embeddings =
        [
            new(LamaeEmbeddings, lamaeFolder, ModelNames.Lamae, "/runs/lamae", 8),
            new(RandomEmbeddings, randomFolder, ModelNames.Random, null, 8),
        ];
        var scores = new List<ProbeScore>();
        var comparisons = new List<ProbeComparison>();
        foreach (double f in Fractions)
        {
            scores.Add(Score(LamaeEmbeddings, f, 0.80 + (0.1 * f)));
            scores.Add(Score(RandomEmbeddings, f, 0.60 + (0.1 * f)));
            bool small = f < 1;
            comparisons.Add(new ProbeComparison(RandomEmbeddings, LamaeEmbeddings, f,
                small ? Pair(BinaryMetric.Auroc, -0.12, -0.20, -0.05) : Pair(BinaryMetric.Auroc, -0.004, -0.03, 0.02),
                small ? Pair(BinaryMetric.AveragePrecision, 0.02, 0.01, 0.04) : Pair(BinaryMetric.AveragePrecision, 0.0, -0.01, 0.01),
                Codes.Select((c, k) => new ProbeCodeComparison(c, Pair(BinaryMetric.Auroc, -0.1 - k, -0.3, 0.1), Pair(BinaryMetric.AveragePrecision, 0.01, -0.1, 0.2))).ToArray()));
        }

        ProbeFitSummary[] fits = (from e in embeddings
                                  from f in Fractions
                                  from seed in Enumerable.Range(0, 2)
                                  select Fit(e.Name, f, seed)).ToArray();
        return new ProbeResult(
            new ProbeLabels(LabelSets.Icd10, "ICD-10 codes (fixture)", MinPatients,
                [new ProbeCodeCounts("E11", 3, 3, 0, 1, 4), new ProbeCodeCounts("I10", 3, 3, 1, 2, 4)],
                [new SkippedCode("Z99", "1 training patients have it, fewer than the minimum 2")]),
            new ProbeProtocolSummary("folds: the dataset's patient-wise train / validation / test split",
                [new ProbePartSummary("folds", 6, 6, 1, 1, 1, 1)], Fractions, [0, 1], [0.1, 1, 10], ["none", "balanced"],
                "least validation log-loss", "standardised on training rows", "constant prevalence", 200, 7, 0.95),
            embeddings, scores, comparisons, fits,
            new CacheIdentity("/caches/synthetic", "pipelinehash", "indexsha", Records.Length),
            dataset, "0.1.0.0", new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), 1.5);
    }

    /// <summary>Writes probe.json of <paramref name="result"/> into <paramref name="directory"/>, as 'lamae probe' would.</summary>
    public static string WriteProbe(string directory, ProbeResult result)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, ProbeFolder.ResultFileName), JsonSerializer.Serialize(result, Checkpoint.JsonOptions));
        return directory;
    }

    /// <summary>An embeddings folder over <see cref="Records"/>; with lead weights from <see cref="Weight"/> when <paramref name="leadWeights"/>.</summary>
    public static string WriteEmbeddings(string directory, string model, bool leadWeights)
    {
        int n = Records.Length;
        EmbeddedRecord[] records = Records.Select((r, i) => new EmbeddedRecord($"r{i}", r.Patient, i % 3, r.Split, r.Codes)).ToArray();
        float[] values = Enumerable.Range(0, n * 8).Select(i => (float)Math.Sin(i)).ToArray();
        float[]? weights = leadWeights ? Enumerable.Range(0, n * 12).Select(i => Weight(i / 12, i % 12)).ToArray() : null;
        var provenance = new EmbeddingProvenance(null, new ModelSpec(model, ModelConfig.Tiny), new CacheIdentity("/caches/synthetic", "pipelinehash", "indexsha", n),
            global::Lamae.Core.Leads.Names, n, 8, 1, [], leadWeights, "0.1.0.0", "synthetic", string.Empty);
        EmbeddingFolder.Create(directory).Write(provenance, values, weights, records);
        return directory;
    }

    /// <summary>A run folder with a config and <paramref name="epochs"/> lines of metrics.</summary>
    public static string WriteRun(string directory, int epochs)
    {
        RunFolder run = RunFolder.At(directory);
        run.Create();
        run.WriteConfig(new RunConfig(new ModelSpec(ModelNames.Lamae, ModelConfig.Tiny), new PretrainOptions(), new CacheIdentity("/caches/synthetic", "pipelinehash", "indexsha", 8)));
        for (int e = 0; e < epochs; e++)
        {
            run.Metrics.Append(new EpochMetrics { Epoch = e, Step = 10 * (e + 1), TrainLoss = 1.0 / (e + 1), ValidationLoss = 1.1 / (e + 1), ValidationMaskedLoss = 0.9 / (e + 1) });
        }

        return directory;
    }

    private static ProbeScore Score(string embedding, double fraction, double auroc) => new(embedding, fraction,
        Estimate(BinaryMetric.Auroc, auroc, auroc - 0.05, auroc + 0.04), Estimate(BinaryMetric.AveragePrecision, auroc - 0.3, auroc - 0.35, auroc - 0.25),
        [auroc - 0.01, auroc + 0.01], [auroc - 0.31, auroc - 0.29],
        Codes.Select((c, k) => new ProbeCodeScore(c, Estimate(BinaryMetric.Auroc, auroc + (0.01 * (k + 1)), auroc - 0.1, Math.Min(1, auroc + 0.1)),
            Estimate(BinaryMetric.AveragePrecision, 0.4 + (0.01 * k), 0.3, 0.5))).ToArray());

    private static BootstrapEstimate Estimate(BinaryMetric metric, double value, double lower, double upper) =>
        new(metric, value, lower, upper, 200, 0, null, []);

    private static PairedComparison Pair(BinaryMetric metric, double difference, double lower, double upper) =>
        new(metric, 0.7 + difference, 0.7, difference, lower, upper, 0.5, 200, 0, null, []);

    // At 10 % labels seed 1 of each folder had no positive of I10, so it predicted a constant.
    private static ProbeFitSummary Fit(string embedding, double fraction, int seed) => new(embedding, fraction, seed, "folds", 3, 3,
        [new ProbeCodeSetting("E11", 1, "none", 0.3)],
        fraction < 1 && seed == 1 ? [new SkippedCode("I10", "no positive among the 3 training rows; predicts the training prevalence 0 for every record")] : [],
        null, 10, 0.01);
}

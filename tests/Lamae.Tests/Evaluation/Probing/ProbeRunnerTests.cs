using System.Globalization;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using Lamae.Tests.Support;

namespace Lamae.Tests.Evaluation.Probing;

/// <summary>The probe end to end on small embeddings folders: every metric recomputable from predictions.csv, paired wins, refusals.</summary>
public sealed class ProbeRunnerTests : IDisposable
{
    private static readonly LabelSetOptions Labels = new() { MinPatients = 1 };

    private readonly TempFolder temp = Fixtures.Temp();
    private readonly string strong, noise;

    public ProbeRunnerTests()
    {
        strong = ProbeFixture.Write(Path.Combine(temp.Path, "strong"), 3.0, seed: 1);
        noise = ProbeFixture.Write(Path.Combine(temp.Path, "noise"), 0.0, seed: 2);
    }

    public void Dispose() => temp.Dispose();

    private static ProbeOptions Options(int workers = 1) => new() { Fractions = [0.2, 1], Seeds = 2, Bootstrap = new BootstrapOptions { Resamples = 200 }, Workers = workers };

    private ProbeResult Run(string name, ProbeOptions options, params string[] embeddings) =>
        ProbeRunner.Run(ProbeFolder.Create(Path.Combine(temp.Path, name)), ProbeInputs.Load(embeddings, LabelSets.Icd10, Labels), options);

    [Fact]
    public void Every_reported_value_is_recomputed_from_predictions_csv()
    {
        ProbeResult result = Run("probe", Options(), strong, noise);

        var rows = File.ReadAllLines(Path.Combine(temp.Path, "probe", ProbeFolder.PredictionsFileName)).Skip(1).Select(l => l.Split(',')).ToArray();
        string[] codes = result.Labels.Codes.Select(c => c.Code).ToArray();
        int test = ProbeFixture.Records.Count(r => r.Split == "test");
        Assert.Equal(2 * 2 * 2 * test * codes.Length, rows.Length);
        foreach (ProbeScore score in result.Scores)
        {
            for (int seed = 0; seed < 2; seed++)
            {
                var mine = rows.Where(r => r[0] == score.Embedding && double.Parse(r[4], CultureInfo.InvariantCulture) == score.Fraction && r[5] == seed.ToString(CultureInfo.InvariantCulture)).ToArray();
                var labels = new CodeLabels(codes, codes.Select(c => mine.Where(r => r[3] == c).Select(r => r[6] == "1").ToArray()).ToArray());
                double[][] scores = codes.Select(c => mine.Where(r => r[3] == c).Select(r => double.Parse(r[7], CultureInfo.InvariantCulture)).ToArray()).ToArray();
                Assert.Equal(MacroAverage.Compute(BinaryMetric.Auroc, labels, scores).Value, score.AurocPerSeed[seed]);
                Assert.Equal(MacroAverage.Compute(BinaryMetric.AveragePrecision, labels, scores).Value, score.AuprcPerSeed[seed]);
            }

            Assert.Equal(score.AurocPerSeed.Average()!.Value, score.Auroc.Value!.Value, 12);
            Assert.InRange(score.Auroc.Value!.Value, score.Auroc.Lower!.Value, score.Auroc.Upper!.Value);
        }
    }

    [Fact]
    public void Informative_features_beat_noise_where_the_paired_interval_says_so()
    {
        ProbeResult result = Run("probe", Options(), strong, noise);

        ProbeComparison full = Assert.Single(result.Comparisons, c => c.Fraction == 1);
        Assert.Equal("noise", full.Embedding);
        Assert.Equal("strong", full.Against);
        Assert.True(full.Auroc.Upper < 0, $"noise - strong AUROC interval [{full.Auroc.Lower}, {full.Auroc.Upper}]");
        Assert.Equal(-1, ProbeTable.Verdict(full.Auroc));
        Assert.True(result.Scores.Single(s => s.Embedding == "strong" && s.Fraction == 1).Auroc.Value > 0.85);
        Assert.Contains("worse", ProbeTable.Rows(result, BinaryMetric.Auroc)[1][2]);
    }

    [Fact]
    public void Seeds_share_the_fit_at_fraction_one_and_single_class_codes_predict_their_prevalence()
    {
        ProbeResult result = Run("probe", Options(), strong);

        ProbeFitSummary[] full = result.Fits.Where(f => f.Fraction == 1).ToArray();
        Assert.Null(full[0].SameAsSeed);
        Assert.Equal(0, full[1].SameAsSeed);
        // E875 has one training patient: at fraction 0.2 it is often absent; wherever a probe lacks a class it says why.
        Assert.All(result.Fits.SelectMany(f => f.Constant), c => Assert.Contains("predicts the training prevalence", c.Reason));
        Assert.Contains(result.Fits, f => f.Fraction == 0.2 && f.Constant.Any(c => c.Code == "E875"));
        Assert.DoesNotContain(result.Scores.SelectMany(s => s.AurocPerSeed), v => v is { } x && double.IsNaN(x));
    }

    [Fact]
    public void A_fraction_so_small_that_no_code_has_both_classes_predicts_prevalences_instead_of_failing()
    {
        // 1 % of about 100 training patients is one patient: no code can have both classes (found on PTB-XL-500 at 2 %).
        ProbeResult result = Run("probe", Options() with { Fractions = [0.01] }, strong);

        ProbeFitSummary none = Assert.Single(result.Fits, f => f.Settings.Count == 0);  // the case that failed; the other seed's patient has two records
        Assert.Equal(result.Labels.Codes.Count, none.Constant.Count);
        Assert.Equal(0.5, result.Scores.Single().AurocPerSeed[none.Seed]!.Value, 12);  // constant scores rank nothing
    }

    [Fact]
    public void Workers_do_not_change_a_byte()
    {
        Run("one", Options(workers: 1), strong, noise);
        Run("two", Options(workers: 2), strong, noise);

        Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "one", ProbeFolder.PredictionsFileName)), File.ReadAllBytes(Path.Combine(temp.Path, "two", ProbeFolder.PredictionsFileName)));
    }

    [Fact]
    public void Embeddings_of_another_cache_are_refused_and_nothing_is_written()
    {
        string other = ProbeFixture.Write(Path.Combine(temp.Path, "other"), 3.0, seed: 3, indexSha: "another-index");

        var ex = Assert.Throws<LamaeException>(() => ProbeInputs.Load([strong, other], LabelSets.Icd10, Labels));

        Assert.Contains("another cache", ex.Message);
        Assert.Contains(other, ex.Message);
    }

    [Fact]
    public void A_folder_with_a_probe_is_not_overwritten_and_an_unfinished_embedding_is_named()
    {
        Run("probe", Options(), strong);

        Assert.Contains("holds a probe already", Assert.Throws<LamaeException>(() => ProbeFolder.Create(Path.Combine(temp.Path, "probe"))).Message);
        File.Delete(Path.Combine(noise, EmbeddingFolder.ProvenanceFileName));
        Assert.Contains("unfinished", Assert.Throws<LamaeException>(() => ProbeInputs.Load([strong, noise], LabelSets.Icd10, Labels)).Message);
    }

    [Fact]
    public void The_cv_protocol_predicts_every_record_once()
    {
        ProbeResult result = Run("cv", Options() with { Protocol = ProbeProtocol.Cv, CvParts = 4, Fractions = [1], Seeds = 1 }, strong);

        Assert.Equal(4, result.Protocol.Parts.Count);
        Assert.Equal(ProbeFixture.Records.Length, result.Protocol.Parts.Sum(p => p.TestRecords));
        Assert.Equal(ProbeFixture.Records.Length, result.Labels.Codes[0].TestRecords);
    }
}

using System.Globalization;
using CsvHelper;
using Lamae.Cache;
using Lamae.Io.Datasets;
using Lamae.Models;
using Lamae.Reconstruction;
using Lamae.Training;

namespace Lamae.Tests.Reconstruction;

/// <summary>The library side of lamae reconstruct: refusals as one LamaeException line, and scores that add up.</summary>
public sealed class ReconstructorTests(ReconstructionFixture fixture) : IClassFixture<ReconstructionFixture>
{
    private static readonly ReconstructionOptions TwoSets = new() { Sets = KeptLeadSet.Parse(["I;I,II,V2"]), Examples = 0 };

    [Fact]
    public void A_model_without_a_decoder_is_refused_with_one_line_naming_the_run_and_the_models_that_can()
    {
        RunFolder run = RunFolder.Open(fixture.ContrastiveRun);
        using PretrainModel model = run.LoadModel();
        using EcgCache cache = EcgCache.Open(fixture.Cache);

        var ex = Assert.Throws<LamaeException>(() => Reconstructor.FromCache(model, run.Directory, run.ReadConfig().Model, cache, cache,
            ReconstructionFolder.Create(fixture.NewFolder()), TwoSets));

        Assert.Equal($"{run.Directory}: a contrastive model has no decoder, so it cannot rebuild leads; reconstruct needs a run of lamae, mae-lead, mae-joint", ex.Message);
    }

    [Theory]
    [InlineData(ReconstructionSplit.Train)]
    [InlineData(ReconstructionSplit.All)]
    public void Records_the_linear_map_is_fitted_on_are_never_evaluated(ReconstructionSplit split)
    {
        RunFolder run = RunFolder.Open(fixture.LamaeRun);
        using PretrainModel model = run.LoadModel();
        using EcgCache cache = EcgCache.Open(fixture.Cache);

        var ex = Assert.Throws<LamaeException>(() => Reconstructor.FromCache(model, run.Directory, run.ReadConfig().Model, cache, cache,
            ReconstructionFolder.Create(fixture.NewFolder()), TwoSets with { Split = split }));

        Assert.Contains("--split eval", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_lead_means_and_group_means_are_the_means_of_the_per_record_rows()
    {
        RunFolder run = RunFolder.Open(fixture.LamaeRun);
        using PretrainModel model = run.LoadModel();
        using EcgCache cache = EcgCache.Open(fixture.Cache);
        ReconstructionFolder folder = ReconstructionFolder.Create(fixture.NewFolder());

        ReconstructionReport report = Reconstructor.FromCache(model, run.Directory, run.ReadConfig().Model, cache, cache, folder, TwoSets with { Split = ReconstructionSplit.Eval }).Report;

        int evalRecords = cache.Records.Count(r => r.Split is DatasetSplit.Validation or DatasetSplit.Test);
        Assert.Equal(evalRecords, report.Records);
        string[][] rows = ReadRows(folder.PathOf(ReconstructionFolder.PerRecordFileName));
        foreach (KeptSetReport set in report.Sets)
        {
            foreach (MethodReport method in set.Methods)
            {
                foreach (LeadScore lead in method.Leads)
                {
                    string[][] mine = rows.Where(r => r[0] == set.Kept && r[1] == method.Method && r[3] == lead.Lead).ToArray();
                    Assert.Equal(lead.Records, mine.Length);
                    Assert.Equal(mine.Average(r => double.Parse(r[5], CultureInfo.InvariantCulture)), lead.MeanRmse!.Value, 12);
                }

                LeadScore[] limb = method.Leads.Where(l => l.Group == "limb").ToArray();
                Assert.Equal(limb.Average(l => l.MeanR!.Value), method.Limb!.MeanR!.Value, 12);
            }
        }
    }

    private static string[][] ReadRows(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, 6).Select(i => csv.GetField(i) ?? string.Empty).ToArray());
        }

        return [.. rows];
    }
}

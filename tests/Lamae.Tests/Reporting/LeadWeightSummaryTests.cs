using Lamae.Evaluation.Probing;
using Lamae.Reporting;
using Lamae.Tests.Support;
using static Lamae.Tests.Reporting.ProbeReportFixture;

namespace Lamae.Tests.Reporting;

public sealed class LeadWeightSummaryTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Each_codes_row_is_the_mean_weight_of_the_records_with_it_and_the_last_row_of_those_with_none()
    {
        string lamae = WriteEmbeddings(Path.Combine(dir.Path, "lamae"), LamaeEmbeddings, leadWeights: true);
        ProbeResult result = Result(lamae, "/nowhere");

        LeadWeightSummary summary = LeadWeightSummary.Read(result.Embeddings[0], result.Labels, "lw.png")!;

        // By hand from the fixture's records: E11 in records 1, 2, 5; I10 in 0, 1, 4, 6 (validation counts too); none in 3, 7.
        (string Group, int[] Rows)[] expected = [("E11", [1, 2, 5]), ("I10", [0, 1, 4, 6]), (LeadWeightSummary.NoCodeGroup, [3, 7])];
        Assert.Equal(expected.Select(e => e.Group), summary.Rows.Select(r => r.Group));
        foreach (((string group, int[] rows), LeadWeightRow row) in expected.Zip(summary.Rows))
        {
            Assert.Equal(rows.Length, row.Records);
            for (int l = 0; l < 12; l++)
            {
                double mean = rows.Sum(r => (double)Weight(r, l)) / rows.Length;
                Assert.Equal(mean, row.Weights[l], 12);
            }
        }

        Assert.Equal(global::Lamae.Core.Leads.Names, summary.Leads);
        Assert.Equal("lw.png", summary.Image);
        Assert.Empty(summary.Notes);
    }

    [Fact]
    public void A_folder_without_lead_weights_gives_no_summary()
    {
        string random = WriteEmbeddings(Path.Combine(dir.Path, "random"), RandomEmbeddings, leadWeights: false);
        ProbeResult result = Result("/nowhere", random);

        Assert.Null(LeadWeightSummary.Read(result.Embeddings[1], result.Labels, "lw.png"));
    }

    [Fact]
    public void A_missing_folder_gives_one_note_and_no_rows()
    {
        string missing = Path.Combine(dir.Path, "gone");
        ProbeResult result = Result(missing, "/nowhere");

        LeadWeightSummary summary = LeadWeightSummary.Read(result.Embeddings[0], result.Labels, "lw.png")!;

        Assert.Empty(summary.Rows);
        Assert.Null(summary.Image);
        string note = Assert.Single(summary.Notes);
        Assert.Contains("lead weights of lamae not shown", note, StringComparison.Ordinal);
        Assert.Contains(missing, note, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', note);
    }
}

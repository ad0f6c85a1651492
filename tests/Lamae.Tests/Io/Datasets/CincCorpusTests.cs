using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Datasets;

using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>The CinC reader over every Challenge record of the shared corpus (all eight sources).</summary>
[Trait("Category", "Corpus")]
public sealed class CincCorpusTests
{
    private static readonly Lazy<CincDataset> Real = new(() => CincDataset.Open(SharedCorpus.Path("cinc")));

    [Fact]
    public void Every_record_is_listed_once_with_a_unique_id_and_its_source()
    {
        CincDataset ds = Real.Value;
        int headers = Directory.GetFiles(SharedCorpus.Path("cinc"), "*.hea", SearchOption.AllDirectories).Length;

        Assert.Equal(headers, ds.Records.Count);
        Assert.Equal(ds.Records.Count, ds.Records.Select(r => r.RecordId).Distinct().Count());
        Assert.All(ds.Records, r => Assert.NotEmpty(r.Labels));
        Assert.Equal(["chapman", "cpsc2018", "cpsc2018-extra", "georgia", "ningbo", "ptb", "ptbxl"],
            ds.Records.Select(r => r.Source!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal("georgia", ds.Records.Single(r => r.RecordId == "E07500").Source);
    }

    [Fact]
    public void Every_record_reads_with_twelve_canonical_leads()
    {
        // Includes the CinC 2020 headers that write "15-May-2020 15:22:05" (date first) on the record line.
        foreach (EcgRecordInfo r in Real.Value.Records)
        {
            Ecg ecg = Real.Value.Read(r);

            Assert.Equal(r.RecordId, ecg.Metadata.RecordId);
            Assert.Equal(Leads.All, ecg.PresentLeads);
            Assert.True(ecg.Duration >= 10, $"{r.RecordId}: {ecg.Duration} s");
            Assert.All(ecg.ToArray(), v => Assert.False(float.IsNaN(v)));
        }
    }

    [Fact]
    public void The_summary_counts_rates_sources_and_finds_no_problem()
    {
        DatasetSummary s = DatasetSummary.Of(Real.Value);

        Assert.Equal(Real.Value.Records.Count, s.HeadersRead);
        Assert.Equal(33, s.Sources["georgia"]);
        Assert.Equal(s.Records, s.RecordsWithLabels);
        Assert.Equal(s.Records, s.RecordsWithoutSubject);
        Assert.Equal("426783006", s.Labels[0].Code);
        Assert.Empty(s.Problems);
        Assert.Equal(10, s.SamplingRates[1000]);   // the PTB Diagnostic records
        Assert.Equal(s.Records, s.SamplingRates.Values.Sum());
        Assert.Equal(s.Records, s.LeadSets["I II III aVR aVL aVF V1 V2 V3 V4 V5 V6"]);
    }
}

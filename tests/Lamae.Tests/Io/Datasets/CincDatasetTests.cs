using Lamae.Core;
using Lamae.Io.Datasets;

using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

public sealed class CincDatasetTests
{
    private static readonly Lazy<CincDataset> Real = new(() => CincDataset.Open(Fixtures.Path("cinc")));

    [Fact]
    public void Every_record_is_listed_once_with_a_unique_id_and_its_source()
    {
        CincDataset ds = Real.Value;
        int headers = Directory.GetFiles(Fixtures.Path("cinc"), "*.hea", SearchOption.AllDirectories).Length;

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
    public void Header_comments_give_dx_age_and_sex()
    {
        EcgRecordInfo e = Real.Value.Records.Single(r => r.RecordId == "E07500");
        EcgRecordInfo dup = Real.Value.Records.Single(r => r.RecordId == "E00015");
        EcgRecordInfo nan = Real.Value.Records.Single(r => r.RecordId == "E00001");

        Assert.Equal(["67741000119109", "426177001"], e.Labels);
        Assert.Equal(78, e.Age);
        Assert.Equal(Sex.Male, e.Sex);
        Assert.Equal(["251146004", "284470004"], dup.Labels);   // the header lists 284470004 twice
        Assert.Null(nan.Age);                                    // "#Age: NaN"
    }

    [Fact]
    public void Equivalent_codes_map_to_one_scored_class()
    {
        CincScoredClasses scored = Real.Value.ScoredClasses!;

        Assert.Equal(26, scored.Classes.Count);
        Assert.Equal("713427006|59118001", scored.ClassOf("59118001"));
        Assert.Equal(scored.ClassOf("713427006"), scored.ClassOf("59118001"));
        Assert.Equal(["164889003", "713427006|59118001", "164934002"], scored.Map(["164889003", "59118001", "164934002", "10370003x"]));
        Assert.Null(scored.ClassOf("67741000119109"));
        Assert.Equal(["426177001"], Real.Value.ScoredLabels(Real.Value.Records.Single(r => r.RecordId == "E07500")));
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

    [Fact]
    public void A_folder_without_headers_is_a_clear_error()
    {
        string dir = Directory.CreateTempSubdirectory("lamae-cinc-").FullName;
        try
        {
            var ex = Assert.Throws<DatasetException>(() => DatasetLoader.Open(DatasetKind.Cinc, dir));
            Assert.Contains(".hea", ex.Message, StringComparison.Ordinal);
            Assert.Contains(dir, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

using Lamae.Core;
using Lamae.Io.Datasets;

namespace Lamae.Tests.Io.Datasets;

public sealed class MimicEcgDatasetTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lamae-mimic-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void The_fixture_lists_studies_with_subjects_labels_and_folds()
    {
        _ = new MimicFixture(dir);

        var ds = (MimicEcgDataset)DatasetLoader.Open("mimic", dir);

        Assert.True(ds.HasDiagnoses);
        Assert.Equal(MimicFixture.Studies.Select(s => s.StudyId), ds.Records.Select(r => r.RecordId));
        Assert.Equal(MimicFixture.Studies.Select(s => s.Subject), ds.Records.Select(r => r.SubjectId));
        EcgRecordInfo fourth = ds.Records[3];
        Assert.Equal(["I4891", "I10", "T360X1A"], fourth.Labels);
        Assert.Equal(18, fourth.Split(MimicEcgDataset.FoldField));
        Assert.Equal(DatasetSplit.Validation, MimicEcgDataset.SplitOf(fourth));
        Assert.Equal(DatasetSplit.Test, MimicEcgDataset.SplitOf(ds.Records[6]));
        Assert.Equal(DatasetSplit.Train, MimicEcgDataset.SplitOf(ds.Records[0]));
        Assert.Equal(Sex.Female, fourth.Sex);
        Assert.Equal(48, fourth.Age);
        Assert.Equal(new DateTime(2183, 9, 18, 13, 52, 0), fourth.Time);
        Assert.Empty(ds.Records[2].Labels);
        Assert.Empty(DatasetValidation.Validate(ds));
    }

    [Fact]
    public void Every_study_reads_back_in_canonical_order_within_gain_rounding()
    {
        var fixture = new MimicFixture(dir);
        MimicEcgDataset ds = MimicEcgDataset.Open(dir);
        const float tolerance = (float)(0.5 / MimicFixture.Gain) + 1e-5f;   // half an ADC step at 200 units/mV

        foreach (EcgRecordInfo r in ds.Records)
        {
            Ecg ecg = ds.Read(r);
            Ecg written = fixture.Signals[r.RecordId];

            Assert.Equal(500, ecg.SamplingRate);
            Assert.Equal(MimicFixture.Samples, ecg.Length);
            Assert.Equal(Leads.All, ecg.PresentLeads);
            Assert.Equal(r.RecordId, ecg.Metadata.RecordId);
            Assert.Equal(r.SubjectId, ecg.Metadata.SubjectId);
            foreach (Lead lead in Leads.All)
            {
                ReadOnlySpan<float> a = ecg[lead], b = written[lead];
                for (int i = 0; i < a.Length; i++)
                {
                    Assert.True(Math.Abs(a[i] - b[i]) <= tolerance, $"{r.RecordId} {lead.Name()}[{i}]: {a[i]} vs {b[i]}");
                }
            }
        }
    }

    [Fact]
    public void The_files_store_avf_before_avl_as_mimic_does()
    {
        var fixture = new MimicFixture(dir);
        EcgRecordInfo r = MimicEcgDataset.Open(dir).Records[0];

        string[] names = File.ReadAllLines(r.HeaderPath).Skip(1).Where(l => !l.StartsWith('#')).Select(l => l.Split(' ')[^1]).ToArray();

        Assert.Equal(MimicFixture.FileOrder.Select(l => l.Name()), names);
        Assert.Contains(" 200(0)/mV", File.ReadAllText(r.HeaderPath), StringComparison.Ordinal);
        Assert.NotEmpty(fixture.Signals);
    }

    [Fact]
    public void Without_the_ext_icd_table_records_have_no_labels()
    {
        _ = new MimicFixture(dir);
        File.Delete(Path.Combine(dir, MimicEcgDataset.DiagnosesFile));

        MimicEcgDataset ds = MimicEcgDataset.Open(dir);

        Assert.False(ds.HasDiagnoses);
        Assert.All(ds.Records, r => Assert.Empty(r.Labels));
        Assert.Equal(7, ds.Records.Count);
    }

    [Fact]
    public void A_missing_record_list_is_named_with_its_columns()
    {
        var ex = Assert.Throws<DatasetException>(() => DatasetLoader.Open(DatasetKind.Mimic, dir));

        Assert.Contains(Path.Combine(dir, MimicEcgDataset.RecordListFile), ex.Message, StringComparison.Ordinal);
        Assert.Contains("study_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_list_cell_names_file_row_and_column()
    {
        _ = new MimicFixture(dir);
        string diag = Path.Combine(dir, MimicEcgDataset.DiagnosesFile);
        File.WriteAllText(diag, File.ReadAllText(diag).Replace("['I10']", "['I10'", StringComparison.Ordinal));

        var ex = Assert.Throws<DatasetException>(() => MimicEcgDataset.Open(dir));

        Assert.Contains(MimicEcgDataset.DiagnosesFile, ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'all_diag_all'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diagnosis_table_without_the_label_column_names_it()
    {
        _ = new MimicFixture(dir);
        File.WriteAllText(Path.Combine(dir, MimicEcgDataset.DiagnosesFile), "study_id,strat_fold\n40689238,0\n");

        var ex = Assert.Throws<DatasetException>(() => MimicEcgDataset.Open(dir));

        Assert.Contains("'all_diag_all'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listed_study_without_files_fails_on_read_naming_the_header()
    {
        _ = new MimicFixture(dir);
        File.AppendAllText(Path.Combine(dir, MimicEcgDataset.RecordListFile), "10000999,49999999,x,2180-01-01 00:00:00,files/p1000/p10000999/s49999999/49999999\n");

        MimicEcgDataset ds = MimicEcgDataset.Open(dir);
        var ex = Assert.Throws<DatasetException>(() => ds.Read(ds.Records[^1]));

        Assert.Contains("49999999.hea", ex.Message, StringComparison.Ordinal);
        Assert.Equal("49999999", Assert.Single(DatasetValidation.Validate(ds)).Record.RecordId);
    }

    [Fact]
    public void The_summary_counts_subjects_rates_lead_sets_and_label_prevalence()
    {
        _ = new MimicFixture(dir);

        DatasetSummary s = DatasetSummary.Of(MimicEcgDataset.Open(dir));

        Assert.Equal(7, s.Records);
        Assert.Equal(3, s.Subjects);
        Assert.Equal(6, s.RecordsWithLabels);
        Assert.Equal(7, s.SamplingRates[500]);
        Assert.Equal(7, s.LeadSets["I II III aVR aVL aVF V1 V2 V3 V4 V5 V6"]);
        Assert.Equal(10, s.MinDurationSeconds);
        Assert.Equal(new LabelPrevalence("I10", 3, 3.0 / 7), s.Labels[0]);
        Assert.Equal(3, s.Splits["strat_fold=0"]);
        Assert.Empty(s.Problems);
    }
}

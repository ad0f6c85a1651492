using Lamae.Core;
using Lamae.Io.Datasets;

using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

public sealed class PtbXlDatasetTests : IDisposable
{
    private const string Header = "ecg_id,patient_id,age,sex,scp_codes,strat_fold,filename_lr,filename_hr";
    private readonly string dir = Directory.CreateTempSubdirectory("lamae-ptbxl-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void The_real_record_is_listed_with_its_table_metadata()
    {
        PtbXlDataset ds = PtbXlDataset.Open(Fixtures.Path("ptbxl"));

        EcgRecordInfo r = Assert.Single(ds.Records);
        Assert.Equal("1", r.RecordId);
        Assert.Equal("15709", r.SubjectId);
        Assert.Equal(56.0, r.Age);
        Assert.Equal(Sex.Female, r.Sex);
        Assert.Equal(["NORM", "LVOLT", "SR"], r.Labels);
        Assert.Equal(100.0, r.LabelDetails!["NORM"]);
        Assert.Equal(0.0, r.LabelDetails["SR"]);
        Assert.Equal(3, r.Split(PtbXlDataset.FoldField));
        Assert.Equal(DatasetSplit.Train, PtbXlDataset.SplitOf(r));
        Assert.Equal(new DateTime(1984, 11, 9, 9, 17, 34), r.Time);
        Assert.EndsWith(Path.Combine("records100", "00000", "00001_lr.hea"), r.HeaderPath, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_record_reads_with_canonical_leads_and_table_metadata()
    {
        PtbXlDataset ds = PtbXlDataset.Open(Fixtures.Path("ptbxl"));

        Ecg ecg = ds.Read(ds.Records[0]);

        Assert.Equal(100, ecg.SamplingRate);
        Assert.Equal(1000, ecg.Length);
        Assert.Equal(Leads.All, ecg.PresentLeads);
        Assert.Equal("1", ecg.Metadata.RecordId);
        Assert.Equal("15709", ecg.Metadata.SubjectId);
        Assert.Equal(Sex.Female, ecg.Metadata.Sex);
        // The header's initial values (-119 for I, -91 for AVL, gain 1000/mV) against the decoded first samples.
        Assert.Equal(-0.119f, ecg[Lead.I][0], 1e-6f);
        Assert.Equal(-0.091f, ecg[Lead.aVL][0], 1e-6f);
    }

    [Theory]
    [InlineData(PtbXlTask.All, new[] { "NORM", "LVOLT", "SR" })]
    [InlineData(PtbXlTask.Diagnostic, new[] { "NORM" })]
    [InlineData(PtbXlTask.Subdiagnostic, new[] { "NORM" })]
    [InlineData(PtbXlTask.Superdiagnostic, new[] { "NORM" })]
    [InlineData(PtbXlTask.Form, new[] { "LVOLT" })]
    [InlineData(PtbXlTask.Rhythm, new[] { "SR" })]
    public void Benchmark_tasks_of_the_real_record_follow_scp_statements(PtbXlTask task, string[] expected)
    {
        PtbXlDataset ds = PtbXlDataset.Open(Fixtures.Path("ptbxl"));

        Assert.Equal(expected, ds.LabelsFor(ds.Records[0], task));
    }

    [Fact]
    public void Superclasses_of_the_statement_table_are_the_five_benchmark_classes()
    {
        PtbXlStatements s = PtbXlStatements.Load(Fixtures.Path("ptbxl", PtbXlStatements.FileName));

        Assert.Equal(71, s.ByCode.Count);
        Assert.Equal(PtbXlStatements.Superclasses.Order(), s.ByCode.Values.Where(v => v.Diagnostic).Select(v => v.DiagnosticClass!).Distinct().Order());
        Assert.Equal(44, s.ByCode.Values.Count(v => v.Diagnostic));
        Assert.Equal(12, s.ByCode.Values.Count(v => v.Rhythm));
        Assert.Equal(19, s.ByCode.Values.Count(v => v.Form));
    }

    [Fact]
    public void Select_keeps_codes_occurring_in_more_than_min_samples_records_and_counts_zero_likelihoods()
    {
        PtbXlStatements s = PtbXlStatements.Load(Fixtures.Path("ptbxl", PtbXlStatements.FileName));
        EcgRecordInfo R(params string[] codes) => new("x", null, "x.hea") { Labels = codes };
        EcgRecordInfo[] records = [R("NORM", "SR"), R("IMI", "SR"), R("AMI", "LVOLT"), R("SR")];

        PtbXlTaskLabels all = s.Select(records, PtbXlTask.All, minSamples: 1);
        PtbXlTaskLabels super = s.Select(records, PtbXlTask.Superdiagnostic, minSamples: 1);

        Assert.Equal(["SR"], all.Codes);                       // SR in 3 records > 1; the others in 1
        Assert.Equal(["MI"], super.Codes);                     // IMI and AMI are both MI: 2 > 1
        Assert.Equal([[], ["MI"], ["MI"], []], super.Labels);
    }

    [Fact]
    public void Both_rates_map_to_their_file_columns_and_splits_follow_the_benchmark_folds()
    {
        WriteStatements();
        File.WriteAllText(Path.Combine(dir, PtbXlDataset.DatabaseFile),
            $"{Header}\n7,1.0,40.0,0,\"{{'NORM': 100.0}}\",9,records100/00000/00007_lr,records500/00000/00007_hr\n8,2.0,300.0,1,\"{{}}\",10,records100/00000/00008_lr,records500/00000/00008_hr\n");

        PtbXlDataset hr = PtbXlDataset.Open(dir, PtbXlRate.Hz500);

        Assert.EndsWith(Path.Combine("records500", "00000", "00007_hr.hea"), hr.Records[0].HeaderPath, StringComparison.Ordinal);
        Assert.Equal(DatasetSplit.Validation, PtbXlDataset.SplitOf(hr.Records[0]));
        Assert.Equal(DatasetSplit.Test, PtbXlDataset.SplitOf(hr.Records[1]));
        Assert.Null(hr.Records[1].Age);   // 300 = older than 89
        Assert.Empty(hr.Records[1].Labels);
    }

    [Fact]
    public void A_missing_database_table_is_one_line_naming_it_and_its_columns()
    {
        WriteStatements();

        var ex = Assert.Throws<DatasetException>(() => DatasetLoader.Open(DatasetKind.PtbXl, dir));

        Assert.Contains(Path.Combine(dir, PtbXlDataset.DatabaseFile), ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("scp_codes", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_missing_statement_table_is_named()
    {
        File.WriteAllText(Path.Combine(dir, PtbXlDataset.DatabaseFile), Header + "\n");

        var ex = Assert.Throws<DatasetException>(() => PtbXlDataset.Open(dir));

        Assert.Contains(PtbXlStatements.FileName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_without_a_required_column_names_the_column()
    {
        WriteStatements();
        File.WriteAllText(Path.Combine(dir, PtbXlDataset.DatabaseFile), "ecg_id,patient_id,scp_codes,filename_lr,filename_hr\n1,1,{},a,b\n");

        var ex = Assert.Throws<DatasetException>(() => PtbXlDataset.Open(dir));

        Assert.Contains("'strat_fold'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(PtbXlDataset.DatabaseFile, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{'NORM' 100.0}")]
    [InlineData("{'NORM': 100.0")]
    [InlineData("{'NORM': abc}")]
    [InlineData("['NORM']")]
    public void A_malformed_scp_codes_dict_names_file_row_and_column(string literal)
    {
        WriteStatements();
        File.WriteAllText(Path.Combine(dir, PtbXlDataset.DatabaseFile),
            $"{Header}\n1,1.0,50,0,\"{{'SR': 0.0}}\",1,records100/a,records500/a\n2,1.0,50,0,\"{literal}\",1,records100/b,records500/b\n");

        var ex = Assert.Throws<DatasetException>(() => PtbXlDataset.Open(dir));

        Assert.Contains(PtbXlDataset.DatabaseFile, ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'scp_codes'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_row_whose_record_is_missing_opens_but_fails_on_read_naming_the_file_and_validation_lists_it()
    {
        WriteStatements();
        string real = Fixtures.Path("ptbxl", "records100", "00000");
        Directory.CreateDirectory(Path.Combine(dir, "records100", "00000"));
        foreach (string f in Directory.GetFiles(real))
        {
            File.Copy(f, Path.Combine(dir, "records100", "00000", Path.GetFileName(f)));
        }

        File.WriteAllText(Path.Combine(dir, PtbXlDataset.DatabaseFile),
            $"{Header}\n1,1.0,50,0,\"{{'NORM': 100.0}}\",1,records100/00000/00001_lr,records500/00000/00001_hr\n2,2.0,50,0,\"{{'NORM': 100.0}}\",1,records100/00000/00002_lr,records500/00000/00002_hr\n");

        PtbXlDataset ds = PtbXlDataset.Open(dir);
        var ex = Assert.Throws<DatasetException>(() => ds.Read(ds.Records[1]));
        IReadOnlyList<DatasetProblem> problems = DatasetValidation.Validate(ds);

        Assert.Equal(2, ds.Records.Count);
        Assert.Contains(Path.Combine(dir, "records100", "00000", "00002_lr.hea"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("row 3", ex.Message, StringComparison.Ordinal);
        DatasetProblem p = Assert.Single(problems);
        Assert.Equal("2", p.Record.RecordId);
        Assert.Equal(12, ds.Read(ds.Records[0]).PresentCount);
    }

    [Fact]
    public void A_missing_signal_file_is_listed_by_validation()
    {
        WriteStatements();
        Directory.CreateDirectory(Path.Combine(dir, "records100", "00000"));
        File.Copy(Fixtures.Path("ptbxl", "records100", "00000", "00001_lr.hea"), Path.Combine(dir, "records100", "00000", "00001_lr.hea"));
        File.WriteAllText(Path.Combine(dir, PtbXlDataset.DatabaseFile), $"{Header}\n1,1.0,50,0,{{}},1,records100/00000/00001_lr,x\n");

        DatasetProblem p = Assert.Single(DatasetValidation.Validate(PtbXlDataset.Open(dir)));

        Assert.EndsWith("00001_lr.dat", p.File, StringComparison.Ordinal);
        Assert.Contains("signal file not found", p.Problem, StringComparison.Ordinal);
    }

    private void WriteStatements() =>
        File.Copy(Fixtures.Path("ptbxl", PtbXlStatements.FileName), Path.Combine(dir, PtbXlStatements.FileName), overwrite: true);
}

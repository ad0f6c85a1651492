using Lamae.Cache;
using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Tests.Io.Npy;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>The npy dataset kind on small folders written here: dtypes, layouts, table variants, sidecar and bad input.</summary>
public sealed class NpyDatasetTests : IDisposable
{
    private const int T = 50;   // samples per lead in the test arrays

    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    private string Root => temp.Path;

    // A distinct value per (sample t, lead l), exact in every type: l * 100 + t (int16) or l + t / 64 (floats; exact in float16 for t < 64).
    private static double Value(string descr, int t, int l) => descr[1] == 'i' ? (l * 100) + t : l + (t / 64.0);

    // The array of `leads` leads in `layout`, values as Value gives them.
    private void WriteArray(string file, string descr, NpyLayout layout, int leads = 12, int samples = T)
    {
        int[] shape = layout == NpyLayout.TimeLeads ? [samples, leads] : [leads, samples];
        var values = new double[samples * leads];
        for (int t = 0; t < samples; t++)
        {
            for (int l = 0; l < leads; l++)
            {
                values[layout == NpyLayout.TimeLeads ? (t * leads) + l : (l * samples) + t] = Value(descr, t, l);
            }
        }

        NpyTestFile.Write(Path.Combine(Root, file), descr, shape, values);
    }

    private void WriteCsv(params string[] lines) => File.WriteAllLines(Path.Combine(Root, "records.csv"), lines);

    private void WriteSidecar(string json) => File.WriteAllText(Path.Combine(Root, NpySidecar.FileName), json);

    [Theory]
    [InlineData("<f2", NpyLayout.TimeLeads)]
    [InlineData("<f2", NpyLayout.LeadsTime)]
    [InlineData("<f4", NpyLayout.TimeLeads)]
    [InlineData("<f4", NpyLayout.LeadsTime)]
    [InlineData("<f8", NpyLayout.TimeLeads)]
    [InlineData("<f8", NpyLayout.LeadsTime)]
    [InlineData("<i2", NpyLayout.TimeLeads)]
    [InlineData("<i2", NpyLayout.LeadsTime)]
    [InlineData(">f4", NpyLayout.LeadsTime)]
    public void Every_dtype_in_either_layout_reads_into_canonical_leads(string descr, NpyLayout layout)
    {
        WriteArray("records/a.npy", descr, layout);
        WriteCsv("file", "records/a.npy");

        NpyDataset ds = NpyDataset.Open(Root, new NpyOptions { Rate = 250 });
        Ecg ecg = ds.Read(Assert.Single(ds.Records));

        Assert.Equal((250.0, T), (ecg.SamplingRate, ecg.Length));
        Assert.Equal(Leads.All, ecg.PresentLeads);
        foreach (Lead lead in Leads.All)
        {
            Assert.Equal(Enumerable.Range(0, T).Select(t => (float)Value(descr, t, (int)lead)), ecg[lead].ToArray());
        }

        Assert.Equal(EcgUnit.Millivolts, ecg.Metadata.Unit);
        Assert.Equal(Path.Combine(Root, "records", "a.npy"), ecg.Metadata.Source);
    }

    [Fact]
    public void A_declared_layout_and_lead_order_are_followed()
    {
        // 3 leads in the order V1, I, aVF, stored (L, T): the sidecar names them and the layout.
        WriteArray("x.npy", "<f4", NpyLayout.LeadsTime, leads: 3, samples: 3);
        WriteCsv("record,file", "r1,x.npy");
        WriteSidecar("""{"rate": 500, "leads": ["V1", "I", "avf"], "layout": "leads-time", "unit": "mV"}""");

        NpyDataset ds = NpyDataset.Open(Root);
        Ecg ecg = ds.Read(Assert.Single(ds.Records));

        Assert.Equal([Lead.I, Lead.aVF, Lead.V1], ecg.PresentLeads);
        Assert.Equal([0f, 1 / 64f, 2 / 64f], ecg[Lead.V1].ToArray());
        Assert.Equal([1f, 1 + (1 / 64f), 1 + (2 / 64f)], ecg[Lead.I].ToArray());
        Assert.Equal([2f, 2 + (1 / 64f), 2 + (2 / 64f)], ecg[Lead.aVF].ToArray());
        Assert.Equal(new float[3], ecg[Lead.II].ToArray());
        Assert.Equal((500.0, NpyLayout.LeadsTime), (ds.Rate, ds.Layout));
    }

    [Fact]
    public void Options_replace_the_sidecars_fields()
    {
        WriteArray("a.npy", "<f4", NpyLayout.TimeLeads);
        WriteCsv("file", "a.npy");
        WriteSidecar("""{"rate": 500, "unit": "mV", "layout": "time-leads"}""");

        NpyDataset ds = NpyDataset.Open(Root, new NpyOptions { Rate = 100, Unit = EcgUnit.Standardised });

        Assert.Equal((100.0, EcgUnit.Standardised, NpyLayout.TimeLeads), (ds.Rate, ds.Unit, ds.Layout));
        Assert.Equal(EcgUnit.Standardised, ds.Read(ds.Records[0]).Metadata.Unit);
    }

    [Fact]
    public void The_table_gives_ids_patients_labels_and_folds()
    {
        WriteArray("a.npy", "<f2", NpyLayout.TimeLeads);
        WriteArray("b.npy", "<f2", NpyLayout.TimeLeads);
        WriteCsv("ecg_id,file,patient_id,labels,strat_fold", "7.0,a.npy,15709.0,NORM; SR;NORM,3", "8,b.npy,,,");
        WriteSidecar("""{"rate": 100}""");

        NpyDataset ds = NpyDataset.Open(Root);

        EcgRecordInfo a = ds.Records[0], b = ds.Records[1];
        Assert.Equal(("7", "15709", "records.csv row 2"), (a.RecordId, a.SubjectId, a.ListedIn));
        Assert.Equal(["NORM", "SR"], a.Labels);
        Assert.Equal(3, a.Split("strat_fold"));
        Assert.Equal(("8", (string?)null, 0, (int?)null), (b.RecordId, b.SubjectId, b.Labels.Count, b.Split("strat_fold")));
        Assert.Equal("15709", ds.Read(a).Metadata.SubjectId);
    }

    [Fact]
    public void Without_an_id_column_the_id_is_the_file_name_and_another_csv_can_be_named()
    {
        WriteArray("data/00519.npy", "<f2", NpyLayout.TimeLeads);
        File.WriteAllLines(Path.Combine(Root, "list.csv"), ["file,patient,fold", "data/00519.npy,p1,2"]);
        WriteSidecar("""{"rate": 100, "csv": "list.csv"}""");

        EcgRecordInfo r = Assert.Single(NpyDataset.Open(Root).Records);

        Assert.Equal(("00519", "p1", 2), (r.RecordId, r.SubjectId, r.Split("fold")));
    }

    [Fact]
    public void Records_without_a_patient_are_each_their_own_patient_in_the_cache_folds()
    {
        WriteArray("a.npy", "<f2", NpyLayout.TimeLeads);
        WriteCsv("ecg_id,file", "519,a.npy");
        WriteSidecar("""{"rate": 100}""");
        var settings = new CacheBuildSettings(DatasetKinds.Npy, Root, 100, 0.5, "{\"steps\":[]}");

        (SourceRecord facts, Ecg ecg) = CacheSource.Open(settings).Load(0);

        Assert.Equal("519", facts.SubjectId);
        Assert.Equal(PatientFolds.HashFold("519"), facts.Fold);
        Assert.Equal(T, ecg.Length);
    }

    [Fact]
    public void The_loader_opens_the_kind_by_name_and_detects_a_folder_with_a_sidecar()
    {
        WriteArray("a.npy", "<f2", NpyLayout.TimeLeads);
        WriteCsv("file", "a.npy");
        WriteSidecar("""{"rate": 100}""");

        Assert.Equal(DatasetKind.Npy, DatasetLoader.Detect(Root));
        Assert.Equal("npy", DatasetLoader.Open("npy", Root).Name);
        Assert.IsType<NpyDataset>(DatasetLoader.Open(DatasetKind.Npy, Root, new DatasetOptions { Npy = new NpyOptions { Rate = 50 } }));
    }

    [Fact]
    public void The_summary_reads_rates_lengths_and_storage_from_the_npy_headers_and_lists_missing_files()
    {
        WriteArray("a.npy", "<f2", NpyLayout.TimeLeads);
        WriteArray("b.npy", "<i2", NpyLayout.LeadsTime, samples: 100);
        WriteCsv("ecg_id,file", "1,a.npy", "2,b.npy", "3,gone.npy");
        WriteSidecar("""{"rate": 50, "unit": "standardised"}""");
        NpyDataset ds = NpyDataset.Open(Root);

        DatasetSummary s = DatasetSummary.Of(ds);

        Assert.Equal(2, s.SamplingRates[50]);
        Assert.Equal((1.0, 2.0), (s.MinDurationSeconds, s.MaxDurationSeconds));
        Assert.Equal(2, s.LeadSets["I II III aVR aVL aVF V1 V2 V3 V4 V5 V6"]);
        Assert.Equal(["float16 values, standardised (not mV)", "int16 values, standardised (not mV)"], s.Gains.Select(g => g.Gain).Order());
        DatasetProblem p = Assert.Single(s.Problems);
        Assert.Equal($"record 3 (records.csv row 4): {Path.Combine(Root, "gone.npy")}: file not found", p.ToString());
        Assert.Equal(p, Assert.Single(DatasetValidation.Validate(ds)));
    }

    [Fact]
    public void A_csv_row_whose_file_is_missing_names_the_row_and_the_file()
    {
        WriteCsv("ecg_id,file", "1,records/missing.npy");
        WriteSidecar("""{"rate": 100}""");
        NpyDataset ds = NpyDataset.Open(Root);

        var ex = Assert.Throws<DatasetException>(() => ds.Read(ds.Records[0]));

        Assert.Equal($"npy record 1 (records.csv row 2): file {Path.Combine(Root, "records", "missing.npy")} not found", ex.Message);
    }

    [Fact]
    public void A_missing_rate_asks_for_the_sidecar_or_the_option()
    {
        WriteCsv("file", "a.npy");

        var ex = Assert.Throws<DatasetException>(() => NpyDataset.Open(Root));

        Assert.Equal($"{Root}: the sampling rate of the npy arrays is not given: write {{\"rate\": HZ}} in {Path.Combine(Root, NpySidecar.FileName)}, or pass --source-rate HZ", ex.Message);
    }

    [Fact]
    public void A_missing_table_or_file_column_says_what_the_table_should_hold()
    {
        WriteSidecar("""{"rate": 100}""");
        Assert.Contains("records.csv: file not found; it should be the npy dataset's record table, with a column 'file'",
            Assert.Throws<DatasetException>(() => NpyDataset.Open(Root)).Message, StringComparison.Ordinal);

        WriteCsv("ecg_id,path", "1,a.npy");
        Assert.Contains("records.csv: no column 'file'", Assert.Throws<DatasetException>(() => NpyDataset.Open(Root)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_listed_twice_or_an_empty_file_cell_is_refused_naming_the_row()
    {
        WriteSidecar("""{"rate": 100}""");
        WriteCsv("ecg_id,file", "1,a.npy", "1,b.npy");
        Assert.Equal($"{Path.Combine(Root, "records.csv")}: row 3, column 'ecg_id': record 1 is listed twice (first at row 2)",
            Assert.Throws<DatasetException>(() => NpyDataset.Open(Root)).Message);

        WriteCsv("ecg_id,file", "1,");
        Assert.StartsWith($"{Path.Combine(Root, "records.csv")}: row 2, column 'file': empty",
            Assert.Throws<DatasetException>(() => NpyDataset.Open(Root)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 50, 12, 1 }, null, "shape (50, 12, 1) is not 2-D")]
    [InlineData(new[] { 50, 8 }, null, "shape (50, 8) has no axis of length 12")]
    [InlineData(new[] { 12, 12 }, null, "shape (12, 12) is ambiguous: both axes have the lead count 12; set \"layout\"")]
    [InlineData(new[] { 12, 50 }, "time-leads", "shape (12, 50) read as time-leads has 50 leads, but 12 leads are declared")]
    public void A_wrong_shape_is_refused_naming_the_file(int[] shape, string? layout, string problem)
    {
        string path = Path.Combine(Root, "a.npy");
        NpyTestFile.Write(path, "<f4", shape, new double[shape.Aggregate(1, (a, b) => a * b)]);
        WriteCsv("ecg_id,file", "1,a.npy");
        WriteSidecar(layout is null ? """{"rate": 100}""" : $$"""{"rate": 100, "layout": "{{layout}}"}""");
        NpyDataset ds = NpyDataset.Open(Root);

        var ex = Assert.Throws<DatasetException>(() => ds.Read(ds.Records[0]));

        Assert.StartsWith($"npy record 1 (records.csv row 2): {path}: {problem}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.StartsWith(problem, Assert.Single(DatasetValidation.Validate(ds)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_array_or_an_unknown_dtype_is_refused_naming_the_record_and_file()
    {
        WriteArray("a.npy", "<f4", NpyLayout.TimeLeads);
        string a = Path.Combine(Root, "a.npy"), c = Path.Combine(Root, "c.npy");
        File.WriteAllBytes(a, File.ReadAllBytes(a)[..^10]);
        File.WriteAllBytes(c, [.. NpyTestFile.Header("<c8", [T, 12]), .. new byte[T * 12 * 8]]);
        WriteCsv("ecg_id,file", "1,a.npy", "2,c.npy");
        WriteSidecar("""{"rate": 100}""");
        NpyDataset ds = NpyDataset.Open(Root);

        Assert.Equal($"npy record 1 (records.csv row 2): {a}: {(T * 12 * 4) - 10} data bytes for a float32 array of shape ({T}, 12) ({T * 12 * 4} bytes); the file is truncated",
            Assert.Throws<DatasetException>(() => ds.Read(ds.Records[0])).Message);
        Assert.StartsWith($"npy record 2 (records.csv row 3): {c}: unsupported dtype '<c8'",
            Assert.Throws<DatasetException>(() => ds.Read(ds.Records[1])).Message, StringComparison.Ordinal);
    }
}

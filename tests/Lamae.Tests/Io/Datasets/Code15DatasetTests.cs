using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>The CODE-15% layout of the hdf5 kind on a small generated folder (<see cref="Code15Fixture"/>).</summary>
public sealed class Code15DatasetTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();

    public Code15DatasetTests() => Code15Fixture.Write(dir.Path);

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Folder_is_detected_as_hdf5_in_the_code15_layout()
    {
        Assert.Equal(DatasetKind.Hdf5, DatasetLoader.Detect(dir.Path));
        Assert.Equal(Hdf5Layout.Code15, Hdf5Dataset.DetectLayout(dir.Path));
        Assert.IsType<Code15Dataset>(DatasetLoader.Open("hdf5", dir.Path));
    }

    [Fact]
    public void Exams_carry_true_diagnoses_as_labels_patients_ages_and_sexes()
    {
        var ds = Code15Dataset.Open(dir.Path);

        Assert.Equal(["101", "102", "201"], ds.Records.Select(r => r.RecordId));
        Assert.Equal(["RBBB", "AF"], ds.Records[0].Labels);
        Assert.Empty(ds.Records[1].Labels);                  // normal_ecg is not a diagnosis column
        Assert.Equal(["1dAVb", "SB"], ds.Records[2].Labels);
        Assert.Equal(["9001", "9002", "9001"], ds.Records.Select(r => r.SubjectId));
        Assert.Equal([57.0, 34.0, 71.0], ds.Records.Select(r => r.Age!.Value));
        Assert.Equal([Sex.Male, Sex.Female, Sex.Male], ds.Records.Select(r => r.Sex));
        Assert.Equal("exams.csv row 3", ds.Records[1].ListedIn);
        Assert.Equal(Path.Combine(dir.Path, "exams_part1.hdf5"), ds.Records[2].HeaderPath);
    }

    [Fact]
    public void Parts_not_downloaded_and_unlisted_tracings_are_counted_not_listed()
    {
        var ds = Code15Dataset.Open(dir.Path);

        Assert.Equal(["exams_part2.hdf5"], ds.MissingTraceFiles);
        Assert.Equal(1, ds.RowsLeftOut);
        Assert.Equal(2, ds.UnlistedExams);   // the zero tracing (exam_id 0) that ends each part
    }

    [Theory]
    [InlineData(101)]
    [InlineData(102)]
    [InlineData(201)]
    public void An_exam_reads_as_its_tracing_transposed_to_leads_without_the_zero_padding(long exam)
    {
        var ds = Code15Dataset.Open(dir.Path);

        Ecg ecg = ds.Read(ds.Records.Single(r => r.RecordId == Code15Fixture.Id(exam)));

        int n = Code15Fixture.Lengths[exam];
        Assert.Equal(400, ecg.SamplingRate);
        Assert.Equal(n, ecg.Length);
        Assert.Equal(n / 400.0, ecg.Duration);
        Assert.Equal(Leads.All, ecg.PresentLeads);
        foreach (Lead lead in Leads.All)
        {
            foreach (int s in new[] { 0, 1, 399, n / 2, n - 1 })
            {
                Assert.Equal(Code15Fixture.Value(exam, (int)lead, s), ecg[lead][s]);
            }
        }

        Assert.Equal(Code15Fixture.Id(exam), ecg.Metadata.RecordId);
        Assert.Equal(ds.Records.Single(r => r.RecordId == Code15Fixture.Id(exam)).SubjectId, ecg.Metadata.SubjectId);
    }

    [Fact]
    public void Shape_is_the_stored_4096_samples_at_400_hz()
    {
        var ds = Code15Dataset.Open(dir.Path);

        Assert.All(ds.Records, r => Assert.Equal(new Hdf5RecordShape(400, 4096), ds.Shape(r)));
        DatasetSummary s = Hdf5Summary.Of(ds);
        Assert.Equal(3, s.SamplingRates[400]);
        Assert.Equal(10.24, s.MaxDurationSeconds);
        Assert.Equal(2, s.Subjects);
        Assert.Equal(2, s.Labels.Count(l => l.Code is "RBBB" or "SB"));
    }

    [Fact]
    public void Without_trace_file_an_exam_is_found_in_whichever_part_holds_it()
    {
        File.WriteAllLines(Path.Combine(dir.Path, "exams.csv"),
            ["exam_id,age,is_male,1dAVb,RBBB,LBBB,SB,ST,AF,patient_id", "201,71,1,1,0,0,1,0,0,9001", "102,34,0,0,0,0,0,0,0,9002"]);

        var ds = Code15Dataset.Open(dir.Path);

        Assert.Equal(["201", "102"], ds.Records.Select(r => r.RecordId));
        Assert.Equal(["1dAVb", "SB"], ds.Records[0].Labels);
        Assert.Equal(Sex.Male, ds.Records[0].Sex);
        Assert.Equal(4096, ds.Read(ds.Records[0]).Length);
        Assert.Equal(2800, ds.Read(ds.Records[1]).Length);
        Assert.Empty(ds.MissingTraceFiles);
    }
}

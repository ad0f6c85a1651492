using System.Security.Cryptography;
using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>The SPH layout of the hdf5 kind on the three committed SPH files (Data/sph: SPH00001, SPH00004 and the unlisted SPH00005).</summary>
public sealed class SphDatasetTests
{
    private static string Folder => Fixtures.Path("sph");

    [Fact]
    public void Committed_files_are_the_ones_the_reference_was_made_from()
    {
        foreach (string name in new[] { "SPH00001.h5", "SPH00004.h5", "SPH00005.h5" })
        {
            string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, name))));
            Assert.Equal(SphReference.Of(name).Sha256, sha);
        }
    }

    [Fact]
    public void Folder_is_detected_as_hdf5_in_the_sph_layout()
    {
        Assert.Equal(DatasetKind.Hdf5, DatasetLoader.Detect(Folder));
        Assert.Equal(Hdf5Layout.Sph, Hdf5Dataset.DetectLayout(Folder));
        IEcgDataset ds = DatasetLoader.Open(DatasetKind.Hdf5, Folder);
        Assert.Equal("hdf5", ds.Name);
        Assert.Equal(Hdf5Layout.Sph, Assert.IsType<SphDataset>(ds).Layout);
    }

    [Fact]
    public void Records_carry_metadata_rows_labels_patients_ages_and_sexes()
    {
        var ds = SphDataset.Open(Folder);

        Assert.Equal(["SPH00001", "SPH00004", "SPH00005"], ds.Records.Select(r => r.RecordId));
        EcgRecordInfo first = ds.Records[0];
        Assert.Equal(["426177001", "427393009"], first.Labels);   // "426177001,427393009" in one quoted cell
        Assert.Equal("S00001", first.SubjectId);
        Assert.Equal(55, first.Age);
        Assert.Equal(Sex.Male, first.Sex);
        Assert.Equal(new DateTime(2020, 3, 4), first.Time);
        Assert.Equal("metadata.csv row 2", first.ListedIn);
        Assert.Equal(["427393009"], ds.Records[1].Labels);
        Assert.Equal("S00004", ds.Records[1].SubjectId);
        EcgRecordInfo unlisted = ds.Records[2];
        Assert.Empty(unlisted.Labels);
        Assert.Null(unlisted.SubjectId);
        Assert.Equal(["SPH00005"], ds.UnlistedInMetadata);
    }

    [Theory]
    [InlineData("SPH00001")]
    [InlineData("SPH00004")]
    [InlineData("SPH00005")]
    public void Signals_match_h5py_and_obey_einthoven_in_mv_at_500_hz(string id)
    {
        var ds = SphDataset.Open(Folder);

        Ecg ecg = ds.Read(ds.Records.Single(r => r.RecordId == id));

        SphChecks.AssertMatches(ecg, SphReference.Of(id + ".h5"));
        Assert.Equal(id, ecg.Metadata.RecordId);
        Assert.Equal(Path.Combine(Folder, id + ".h5"), ecg.Metadata.Source);
    }

    [Fact]
    public void A_few_samples_read_as_h5py_printed_them()
    {
        var ds = SphDataset.Open(Folder);

        Ecg ecg = ds.Read(ds.Records[0]);

        // h5py: ecg[0:3, 0] of SPH00001.h5 (float16 0.02161, 0.1304, 0.1088): III = II - I to the float16 rounding.
        Assert.Equal(0.021606445f, ecg[Lead.I][0]);
        Assert.Equal(0.1303711f, ecg[Lead.II][0]);
        Assert.Equal(0.10882568f, ecg[Lead.III][0]);
        Assert.Equal(5000, ecg.Length);
        Assert.Equal(10, ecg.Duration);
    }

    [Fact]
    public void Table_facts_reach_the_ecg_and_an_unlisted_file_reads_unlabelled_with_a_warning()
    {
        var ds = SphDataset.Open(Folder);

        Ecg listed = ds.Read(ds.Records[0]);
        Ecg unlisted = ds.Read(ds.Records[2]);

        Assert.Equal("S00001", listed.Metadata.SubjectId);
        Assert.Equal(55, listed.Metadata.Age);
        Assert.Equal(Sex.Male, listed.Metadata.Sex);
        Assert.Empty(listed.Metadata.Warnings);
        Assert.Equal(5500, unlisted.Length);
        Assert.Equal(500, unlisted.SamplingRate);
        Assert.Equal("not in metadata.csv: read unlabelled, at SPH's 500 Hz", Assert.Single(unlisted.Metadata.Warnings));
    }

    [Fact]
    public void Shape_reads_rate_and_length_without_decoding()
    {
        var ds = SphDataset.Open(Folder);

        Assert.Equal([10.0, 10.0, 11.0], ds.Records.Select(r => ds.Shape(r).Seconds));
        Assert.All(ds.Records, r => Assert.Equal(500, ds.Shape(r).SamplingRate));
    }

    [Fact]
    public void Summary_counts_rates_durations_leads_labels_and_subjects()
    {
        DatasetSummary s = Hdf5Summary.Of(SphDataset.Open(Folder));

        Assert.Equal("hdf5", s.Name);
        Assert.Equal(3, s.Records);
        Assert.Equal(2, s.Subjects);
        Assert.Equal(1, s.RecordsWithoutSubject);
        Assert.Equal(2, s.RecordsWithLabels);
        Assert.Equal(3, s.SamplingRates[500]);
        Assert.Equal(3, s.LeadSets["I II III aVR aVL aVF V1 V2 V3 V4 V5 V6"]);
        Assert.Equal(10, s.MinDurationSeconds);
        Assert.Equal(11, s.MaxDurationSeconds);
        Assert.Equal(2, s.Labels.Single(l => l.Code == "427393009").Count);
        Assert.Empty(s.Problems);
        Assert.Empty(s.Gains);
    }

    [Fact]
    public void Ids_with_or_without_the_extension_and_codes_split_at_semicolons_or_commas()
    {
        using TempFolder dir = Fixtures.Temp();
        string records = Path.Combine(dir.Path, "records");
        Directory.CreateDirectory(records);
        File.Copy(Path.Combine(Folder, "SPH00001.h5"), Path.Combine(records, "A00001.h5"));
        File.Copy(Path.Combine(Folder, "SPH00004.h5"), Path.Combine(records, "A00002.h5"));
        File.WriteAllText(Path.Combine(dir.Path, "metadata.csv"),
            "ECG_ID,AHA_Code,Patient_ID,Age,Sex,N,Date,fs,SNOMEDCTCode,SR\n"
            + "A00001,22;23,P1,55,F,5000,2020-03-04,500,426177001;427393009,0\n"
            + "A00002.h5,1,P1,56,F,5000,2021-03-04,500,426783006,1\n");

        IEcgDataset ds = DatasetLoader.Open(DatasetKind.Hdf5, dir.Path, new DatasetOptions { Hdf5Layout = Hdf5Layout.Sph });

        Assert.Equal(["A00001", "A00002"], ds.Records.Select(r => r.RecordId));
        Assert.Equal(["426177001", "427393009"], ds.Records[0].Labels);
        Assert.All(ds.Records, r => Assert.Equal("P1", r.SubjectId));
        Assert.Equal(Sex.Female, ds.Read(ds.Records[1]).Metadata.Sex);
    }
}

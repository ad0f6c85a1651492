using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Io.Quality;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>
/// The shared ptbxl-npy folder (1,785 PTB-XL records as float16 (1000, 12) z-scores at 100 Hz, no sidecar) read as an npy
/// dataset with the rate and unit given as options; values checked against NumPy.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class NpyCorpusTests
{
    private static NpyDataset Open() =>
        NpyDataset.Open(SharedCorpus.Path("ptbxl-npy"), new NpyOptions { Rate = 100, Unit = EcgUnit.Standardised });

    [Fact]
    public void Record_00519_reads_back_numpys_float16_values()
    {
        NpyDataset ds = Open();
        Ecg ecg = ds.Read(ds.Records.Single(r => r.RecordId == "519"));

        // /usr/bin/python3 -c 'import numpy as np; a = np.load("ptbxl-npy/records/00519.npy");
        //   print([float(a[t, l]) for t, l in [(0, 0), (1, 1), (123, 3), (500, 6), (999, 11)]],
        //         float(a.astype(np.float64).sum()), float(a[:, 1].astype(np.float64).std()))'  (numpy 1.24.2)
        Assert.Equal(-0.0731201171875f, ecg[Lead.I][0]);
        Assert.Equal(0.006500244140625f, ecg[Lead.II][1]);
        Assert.Equal(0.3447265625f, ecg[Lead.aVR][123]);
        Assert.Equal(-0.021453857421875f, ecg[Lead.V1][500]);
        Assert.Equal(-0.1468505859375f, ecg[Lead.V6][999]);
        double sum = 0;
        foreach (float v in ecg.Data)
        {
            sum += v;   // every float16 value is exact in float, so the float64 sum matches NumPy's to rounding
        }

        Assert.Equal(-0.1608339548110962, sum, 1e-9);
        Assert.Equal(1.0005204450814105, EcgQuality.Statistics(ecg).Single(s => s.Lead == Lead.II).Std, 1e-6);
        Assert.Equal("519", ecg.Metadata.RecordId);
        Assert.Equal(EcgUnit.Standardised, ecg.Metadata.Unit);
    }

    [Fact]
    public void All_1785_records_open_and_read_as_12_lead_10_second_z_scores()
    {
        NpyDataset ds = Open();

        Assert.Equal(1785, ds.Records.Count);
        Assert.Empty(DatasetValidation.Validate(ds));
        Assert.All(ds.Records, r => Assert.Null(r.SubjectId));
        foreach (EcgRecordInfo r in ds.Records)
        {
            Ecg ecg = ds.Read(r);
            Assert.Equal((100.0, 1000, 12), (ecg.SamplingRate, ecg.Length, ecg.PresentCount));

            // Measured with NumPy over all records: per-lead std 0.983-1.001, |mean| at most 5e-4.
            Assert.All(EcgQuality.Statistics(ecg), s => Assert.True(s.Std is > 0.98 and < 1.002 && Math.Abs(s.Mean) < 1e-3, $"record {r.RecordId} lead {s.Lead}: mean {s.Mean}, std {s.Std}"));
            Assert.DoesNotContain(EcgQuality.Check(ecg), f => f.Kind is EcgFindingKind.LowAmplitude or EcgFindingKind.HighAmplitude or EcgFindingKind.LimbLeadInconsistency);
        }
    }
}

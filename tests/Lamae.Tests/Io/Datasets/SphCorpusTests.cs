using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>Every SPH file of the shared corpus (sph/: ten files, nine metadata rows) read as the hdf5 kind.</summary>
[Trait("Category", "Corpus")]
public sealed class SphCorpusTests
{
    [Fact]
    public void All_ten_sph_files_read_as_h5py_decodes_them_and_obey_einthoven()
    {
        string folder = SharedCorpus.Path("sph");

        IEcgDataset ds = DatasetLoader.Open(DatasetLoader.Detect(folder), folder);

        var sph = Assert.IsType<SphDataset>(ds);
        Assert.Equal(10, ds.Records.Count);
        Assert.Equal(["SPH00005"], sph.UnlistedInMetadata);   // the corpus README's quirk: no metadata row
        Assert.Equal(9, ds.Records.Count(r => r.Labels.Count > 0));
        Assert.Equal(9, ds.Records.Select(r => r.SubjectId).OfType<string>().Distinct().Count());
        Assert.Equal(SphReference.All.Keys.Order(StringComparer.Ordinal), ds.Records.Select(r => r.RecordId + ".h5").Order(StringComparer.Ordinal));
        foreach (EcgRecordInfo r in ds.Records)
        {
            Ecg ecg = ds.Read(r);
            SphChecks.AssertMatches(ecg, SphReference.Of(r.RecordId + ".h5"));
        }

        DatasetSummary s = Hdf5Summary.Of(sph);
        Assert.Equal(10, s.SamplingRates[500]);
        Assert.Equal(10, s.MinDurationSeconds);
        Assert.Equal(15, s.MaxDurationSeconds);
        Assert.Empty(s.Problems);
    }
}

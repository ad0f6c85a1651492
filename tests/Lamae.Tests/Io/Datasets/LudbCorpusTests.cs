using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Datasets;

using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>The whole of LUDB (200 records) read as a folder dataset with its label table.</summary>
[Trait("Category", "Corpus")]
public sealed class LudbCorpusTests
{
    // A property, so a missing corpus fails the test with the locator's message rather than a type initialiser's.
    private static FolderLabels LudbLabels => new(SharedCorpus.Path("ludb", "ludb.csv"), "ID", ["Rhythms", "Hypertrophies"])
    {
        AgeColumn = "Age",
        SexColumn = "Sex",
    };

    [Fact]
    public void Ludb_opens_as_a_folder_and_all_200_records_read()
    {
        IEcgDataset ds = DatasetLoader.Open(DatasetKind.Folder, SharedCorpus.Path("ludb", "data"), new DatasetOptions { FolderLabels = LudbLabels });

        Assert.Equal(200, ds.Records.Count);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal),
            ds.Records.Select(r => r.RecordId).Order(StringComparer.Ordinal));
        foreach (EcgRecordInfo r in ds.Records)
        {
            Ecg ecg = ds.Read(r);
            Assert.Equal(Leads.All, ecg.PresentLeads);
            Assert.Equal(500, ecg.SamplingRate);
            Assert.Equal(5000, ecg.Length);
        }
    }
}

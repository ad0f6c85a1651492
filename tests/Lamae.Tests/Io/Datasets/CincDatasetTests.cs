using Lamae.Core;
using Lamae.Io.Datasets;

using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

public sealed class CincDatasetTests
{
    private static readonly Lazy<CincDataset> Real = new(() => CincDataset.Open(Fixtures.Path("cinc")));

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

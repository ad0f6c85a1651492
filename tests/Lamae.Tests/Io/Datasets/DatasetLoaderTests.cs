using Lamae.Io.Datasets;

using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

public sealed class DatasetLoaderTests
{
    [Theory]
    [InlineData("ptbxl", DatasetKind.PtbXl)]
    [InlineData("PTB-XL", DatasetKind.PtbXl)]
    [InlineData("mimic", DatasetKind.Mimic)]
    [InlineData("Cinc", DatasetKind.Cinc)]
    [InlineData("folder", DatasetKind.Folder)]
    public void Kinds_parse_case_insensitively(string text, DatasetKind kind) => Assert.Equal(kind, DatasetLoader.ParseKind(text));

    [Fact]
    public void An_unknown_kind_lists_the_valid_ones()
    {
        var ex = Assert.Throws<DatasetException>(() => DatasetLoader.ParseKind("ptb"));

        Assert.Contains("ptbxl, mimic, cinc, folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_root_is_named()
    {
        string missing = Path.Combine(Path.GetTempPath(), "lamae-no-such-dataset-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<DatasetException>(() => DatasetLoader.Open(DatasetKind.Folder, missing));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_ptbxl_folder_opens_through_the_loader()
    {
        IEcgDataset ds = DatasetLoader.Open("ptbxl", Fixtures.Path("ptbxl"));

        Assert.Equal("ptbxl", ds.Name);
        Assert.Single(ds.Records);
    }
}

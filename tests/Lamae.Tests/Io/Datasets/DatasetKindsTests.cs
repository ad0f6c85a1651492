using Lamae.Io.Datasets;

namespace Lamae.Tests.Io.Datasets;

public sealed class DatasetKindsTests
{
    [Fact]
    public void Every_kind_has_one_name_that_parses_back_and_the_cache_adds_only_the_simulator()
    {
        DatasetKind[] kinds = Enum.GetValues<DatasetKind>();

        Assert.Equal(["ptbxl", "mimic", "cinc", "folder", "hdf5", "npy", "corpus"], DatasetKinds.OnDisk);
        Assert.All(kinds, k => Assert.Equal(k, DatasetLoader.ParseKind(DatasetKinds.NameOf(k).ToUpperInvariant())));
        Assert.Equal(kinds.Length, DatasetKinds.OnDisk.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal([.. DatasetKinds.OnDisk, "synthetic"], DatasetKinds.CacheSources);
        Assert.True(DatasetKinds.IsSynthetic("Synthetic"));
        Assert.DoesNotContain(DatasetKinds.OnDisk, DatasetKinds.IsSynthetic);
        Assert.Equal("ptbxl, mimic, cinc, folder, hdf5, npy, corpus or synthetic", DatasetKinds.Listed(DatasetKinds.CacheSources));
        Assert.Equal("ptbxl", DatasetKinds.Listed(["ptbxl"]));
    }
}

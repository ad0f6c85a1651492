using Lamae.Diagnostics;

namespace Lamae.Tests.Diagnostics;

public sealed class DataFolderCheckTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lamae-data-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Counts_headers_in_nested_folders()
    {
        Directory.CreateDirectory(Path.Combine(dir, "p1"));
        File.WriteAllText(Path.Combine(dir, "a.hea"), "a 1 500 10\n");
        File.WriteAllText(Path.Combine(dir, "p1", "b.hea"), "b 1 500 10\n");
        File.WriteAllText(Path.Combine(dir, "p1", "b.dat"), "");

        DataFolderCheck check = DataFolderCheck.Run(dir, isExplicit: true);

        Assert.True(check.Readable);
        Assert.Equal(2, check.HeaderFiles);
        Assert.Null(check.Problem);
    }

    [Fact]
    public void A_missing_folder_the_user_named_is_a_problem_that_names_it()
    {
        string missing = Path.Combine(dir, "nope");

        DataFolderCheck check = DataFolderCheck.Run(missing, isExplicit: true);

        Assert.False(check.Readable);
        Assert.NotNull(check.Problem);
        Assert.Contains(missing, check.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_default_folder_is_not_a_problem()
    {
        Assert.Null(DataFolderCheck.Run(Path.Combine(dir, "nope"), isExplicit: false).Problem);
        Assert.Null(DataFolderCheck.Run(null, isExplicit: false).Problem);
    }
}

namespace Lamae.Tests.Support;

/// <summary>
/// The workspace's shared corpus of real ECGs, read only by tests in the <see cref="Category"/> category
/// (classes marked <c>[Trait("Category", "Corpus")]</c>, in files named *CorpusTests.cs). The folder is
/// LAMAE_SHARED_DATA when set (relative to the repository root), else ../shared/data/ecg beside the repository:
/// the same rule Lamae.Tests.csproj uses to decide whether `dotnet test` runs these tests at all. A corpus test
/// that runs without the folder fails; it never passes on missing data.
/// </summary>
internal static class SharedCorpus
{
    /// <summary>The test category of tests that read the shared corpus.</summary>
    public const string Category = "Corpus";

    /// <summary>Environment variable that names the folder.</summary>
    public const string EnvironmentVariable = "LAMAE_SHARED_DATA";

    /// <summary>Where the folder is by default, relative to the repository root.</summary>
    public const string RelativeToRepository = "../shared/data/ecg";

    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The shared corpus folder; throws, failing the test, when it does not exist.</summary>
    public static string Folder => Root.Value;

    /// <summary>A path inside the shared corpus, e.g. Path("cinc", "georgia").</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    /// <summary>The repository root: the nearest folder above the test assembly that holds Lamae.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(d.FullName, "Lamae.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"no Lamae.slnx above {AppContext.BaseDirectory}: the tests must run from a build inside the repository");
    }

    private static string Find()
    {
        string root = RepositoryRoot();
        string? named = Environment.GetEnvironmentVariable(EnvironmentVariable);
        string folder = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, string.IsNullOrEmpty(named) ? RelativeToRepository : named));
        return Directory.Exists(folder) ? folder : throw new InvalidOperationException(
            $"the corpus tests need the shared ECG data, not found at {folder} "
            + $"({(string.IsNullOrEmpty(named) ? RelativeToRepository + " beside the repository" : EnvironmentVariable + "=" + named)}); "
            + $"set {EnvironmentVariable}=DIR, or run without them: dotnet test --filter Category!={Category}");
    }
}

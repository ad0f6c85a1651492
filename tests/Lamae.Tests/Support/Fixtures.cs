namespace Lamae.Tests.Support;

/// <summary>Paths of the real ECGs committed under tests/Lamae.Tests/Data (see its README.md), copied beside the tests.</summary>
internal static class Fixtures
{
    /// <summary>The committed records' folder in the test output.</summary>
    public static string Data { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "Data");

    /// <summary>A path inside the committed records' folder, e.g. Path("wfdb-fixtures", "a103l").</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Data, .. parts]);

    /// <summary>A fresh temporary folder, deleted by the returned handle.</summary>
    public static TempFolder Temp() => new();
}

/// <summary>A temporary folder that removes itself.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("lamae-test-").FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

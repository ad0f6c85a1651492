using Lamae.Io;

namespace Lamae.Tests.Support;

/// <summary>Paths of the shared real ECGs (../shared/data/ecg); a missing folder fails the test, never skips it.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(() =>
        SharedEcgData.Find() ?? throw new InvalidOperationException(
            $"the shared ECG data ({SharedEcgData.RelativeToRepository}) was not found above {Directory.GetCurrentDirectory()}"));

    /// <summary>The shared data folder.</summary>
    public static string SharedEcg => Root.Value;

    /// <summary>A path inside the shared data folder, e.g. Path("wfdb-fixtures", "100").</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

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

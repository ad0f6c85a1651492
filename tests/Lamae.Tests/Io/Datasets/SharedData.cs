namespace Lamae.Tests.Io.Datasets;

/// <summary>The shared folder of real ECGs; tests that need it fail (never skip) when it is absent.</summary>
internal static class SharedData
{
    public static string Ecg => Lamae.Io.SharedEcgData.Find()
        ?? throw new InvalidOperationException("shared/data/ecg not found above the working directory; the dataset tests need the project's shared data folder");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Ecg, .. parts]);
}

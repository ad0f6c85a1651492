namespace Lamae.Io;

/// <summary>
/// Finds the project's shared folder of real test ECGs (shared/data/ecg, a sibling of the repository):
/// searched upwards from the working directory and from the program's folder.
/// </summary>
public static class SharedEcgData
{
    /// <summary>The path relative to the repository root, as the docs name it.</summary>
    public const string RelativeToRepository = "../shared/data/ecg";

    /// <summary>The shared ECG folder, or null when none is found.</summary>
    public static string? Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                foreach (string candidate in new[] { Path.Combine(d.FullName, "shared", "data", "ecg"), Path.Combine(d.FullName, "..", "shared", "data", "ecg") })
                {
                    if (Directory.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }
            }
        }

        return null;
    }
}

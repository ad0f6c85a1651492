namespace Lamae.Io;

/// <summary>
/// Finds the project's shared folder of real test ECGs (shared/data/ecg, a sibling of the repository): the folder
/// named by LAMAE_SHARED_DATA if set, else searched upwards from the working directory and the program's folder,
/// else the workspace's own location (/work/shared/data/ecg), so a clone made anywhere on the machine finds it.
/// </summary>
public static class SharedEcgData
{
    /// <summary>The path relative to the repository root, as the docs name it.</summary>
    public const string RelativeToRepository = "../shared/data/ecg";

    /// <summary>Environment variable that names the folder explicitly.</summary>
    public const string EnvironmentVariable = "LAMAE_SHARED_DATA";

    /// <summary>Where the project's workspace keeps it.</summary>
    public const string WorkspaceLocation = "/work/shared/data/ecg";

    /// <summary>The shared ECG folder, or null when none is found.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } named)
        {
            return Directory.Exists(named) ? Path.GetFullPath(named) : null;
        }

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

        return Directory.Exists(WorkspaceLocation) ? WorkspaceLocation : null;
    }
}

namespace Lamae.Cli.Commands;

/// <summary>
/// The folder `lamae doctor` checks when --data is not given: the one named by LAMAE_SHARED_DATA, else the first
/// shared/data/ecg found beside a folder above the working directory or the program (a workspace keeps its test
/// ECGs at ../shared/data/ecg from the repository). Null when there is none: then doctor checks no data.
/// </summary>
internal static class SharedDataFolder
{
    /// <summary>The path relative to the repository root, as the docs name it.</summary>
    public const string RelativeToRepository = "../shared/data/ecg";

    /// <summary>Environment variable that names the folder explicitly.</summary>
    public const string EnvironmentVariable = "LAMAE_SHARED_DATA";

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
                string candidate = Path.Combine(d.FullName, "shared", "data", "ecg");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

namespace Lamae.Diagnostics;

/// <summary>Whether a folder of ECG records can be read, and how many WFDB headers it holds.</summary>
/// <param name="Path">The folder checked (null when none was given and none was found).</param>
/// <param name="Explicit">Whether the user named it (a missing explicit folder is a failure, a missing default is not).</param>
/// <param name="Readable">Whether the folder exists and its files can be listed and opened.</param>
/// <param name="HeaderFiles">Number of .hea files below it.</param>
/// <param name="Problem">Null when fine; else what is wrong and what to do.</param>
public sealed record DataFolderCheck(string? Path, bool Explicit, bool Readable, int HeaderFiles, string? Problem)
{
    /// <summary>Checks <paramref name="path"/>; a null path reports that no default folder was found.</summary>
    public static DataFolderCheck Run(string? path, bool isExplicit)
    {
        if (path is null)
        {
            return new DataFolderCheck(null, false, false, 0, null);
        }

        if (!Directory.Exists(path))
        {
            return new DataFolderCheck(path, isExplicit, false, 0,
                isExplicit ? $"--data {path}: no such folder; give a folder of ECG records." : null);
        }

        try
        {
            string[] headers = Directory.GetFiles(path, "*.hea", SearchOption.AllDirectories);
            if (headers.Length > 0)
            {
                using FileStream probe = File.OpenRead(headers[0]);
                _ = probe.ReadByte();
            }

            return new DataFolderCheck(path, isExplicit, true, headers.Length, null);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return new DataFolderCheck(path, isExplicit, false, 0, $"{path}: not readable ({ex.Message}); check its permissions.");
        }
    }
}

using System.Text.Json;

namespace Lamae.Common;

/// <summary>
/// The rules every folder a command writes follows (embeddings, probes, reports): it is finished when its marker file,
/// written last, exists; a new one is refused where a finished one is (nothing is overwritten); a finished one is read
/// only when its marker is there; the marker's JSON is read with one clear line on damage.
/// </summary>
public static class OutputFolder
{
    /// <summary>The full path of a folder to write into; refused when it holds a finished <paramref name="what"/> or is a file.</summary>
    public static string ForNew(string directory, string marker, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            throw new LamaeException($"{full}: a file, not a folder; choose another --out");
        }

        if (File.Exists(Path.Combine(full, marker)))
        {
            throw new LamaeException($"{full}: holds {what} already ({marker}); choose another --out");
        }

        return full;
    }

    /// <summary>The full path of a finished folder; refused, naming <paramref name="command"/> to rerun, without its marker.</summary>
    public static string Finished(string directory, string marker, string what, string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string full = Path.GetFullPath(directory);
        if (!File.Exists(Path.Combine(full, marker)))
        {
            throw new LamaeException($"{full}: not {what} folder, or an unfinished one (no {marker}); run '{command}' again");
        }

        return full;
    }

    /// <summary>Reads the JSON file at <paramref name="path"/> as <typeparamref name="T"/>; damage is one line naming the file and what it should be.</summary>
    public static T ReadJson<T>(string path, string what, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options) ?? throw new LamaeException($"{path}: empty");
        }
        catch (JsonException ex)
        {
            throw new LamaeException($"{path}: not {what} ({ex.Message})", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LamaeException($"{path}: cannot be read ({ex.Message})", ex);
        }
    }
}

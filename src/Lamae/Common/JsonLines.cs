using System.Text;
using System.Text.Json;

namespace Lamae.Common;

/// <summary>
/// A JSON Lines log (metrics.jsonl): one JSON document per line, each appended and flushed to disk before returning, so a
/// crash loses at most the line being written; a torn last line (a kill mid-write) is skipped when reading.
/// </summary>
public static class JsonLines
{
    /// <summary>Appends <paramref name="item"/> as one line, creating the file and its folder when needed.</summary>
    public static void Append<T>(string path, T item, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(item, options), (byte)'\n'];
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        // One write call per line in append mode: concurrent readers see whole lines or none of a line.
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(line);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Reads every complete line; a final line without its newline (a write cut short) is ignored.</summary>
    /// <exception cref="JsonException">A complete line that is not a <typeparamref name="T"/>.</exception>
    public static IReadOnlyList<T> Read<T>(string path, JsonSerializerOptions options)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        int end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return [];
        }

        return text[..end]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<T>(l, options) ?? throw new LamaeException($"{path}: empty line"))
            .ToList();
    }
}

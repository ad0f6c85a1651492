using Lamae.Io.Wfdb;

namespace Lamae.Io.Datasets;

/// <summary>Finding WFDB headers in a folder tree and reading their comment fields without decoding signals.</summary>
internal static class HeaderFiles
{
    /// <summary>Every .hea below <paramref name="root"/>, in ordinal path order (stable across machines).</summary>
    public static IReadOnlyList<string> Find(string root) =>
        Directory.EnumerateFiles(root, "*.hea", new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive })
            .Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Each header with its id: the file name without extension, or the relative path without extension when the name is not unique.</summary>
    public static IEnumerable<(string Path, string Id)> UniqueIds(string root, IReadOnlyList<string> headers)
    {
        var names = headers.Select(Path.GetFileNameWithoutExtension).ToArray();
        var repeated = names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key!).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < headers.Count; i++)
        {
            string id = repeated.Contains(names[i]!)
                ? Path.ChangeExtension(Path.GetRelativePath(root, headers[i]), null).Replace('\\', '/')
                : names[i]!;
            yield return (headers[i], id);
        }
    }

    /// <summary>The key-value fields of a header's '#' comment lines (see <see cref="HeaderComments.ParseFields"/>).</summary>
    public static IReadOnlyDictionary<string, string> CommentFields(string path)
    {
        try
        {
            var comments = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.StartsWith('#')).Select(l => l[1..].Trim());
            return HeaderComments.ParseFields(comments);
        }
        catch (IOException ex)
        {
            throw new DatasetException($"{path}: cannot read the header: {ex.Message}", ex);
        }
    }
}

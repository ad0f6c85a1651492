using System.Text.Json;
using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>One source of a corpus: a dataset of a kind on disk, under a short name that prefixes its record and patient ids.</summary>
/// <param name="Name">Short name: letters, digits, '-' and '_' ("ptbxl500"); record "1" of it becomes "ptbxl500/1".</param>
/// <param name="Dataset">Its kind (ptbxl, mimic, cinc, folder, hdf5, npy).</param>
/// <param name="Root">Its folder, absolute (relative paths in corpus.json are resolved against the file's folder).</param>
/// <param name="Npy">For an npy source: rate, unit and layout when it has no sidecar.</param>
public sealed record CorpusSource(string Name, string Dataset, string Root, NpyOptions? Npy);

/// <summary>
/// A corpus: several datasets read as one (issue 17), described by a small JSON file (<see cref="FileName"/>):
/// <c>{"sources": [{"name": "ptbxl500", "dataset": "ptbxl", "root": "../ptbxl-500"}, {"name": "npy", "dataset": "npy",
/// "root": "../ptbxl-npy", "rate": 100, "unit": "standardised"}]}</c>.
/// </summary>
/// <param name="Path">The JSON file.</param>
/// <param name="Sources">The sources, in the file's order (an ECG in two sources is kept from the first).</param>
public sealed record CorpusSpec(string Path, IReadOnlyList<CorpusSource> Sources)
{
    /// <summary>The file a corpus folder holds.</summary>
    public const string FileName = "corpus.json";

    /// <summary>Reads a corpus file, or the <see cref="FileName"/> of a folder; one <see cref="DatasetException"/> line for anything wrong.</summary>
    public static CorpusSpec Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string file = Directory.Exists(path) ? System.IO.Path.Combine(path, FileName) : path;
        file = System.IO.Path.GetFullPath(file);
        if (!File.Exists(file))
        {
            throw new DatasetException($"{file}: not found; a corpus is a JSON file such as {{\"sources\": [{{\"name\": \"ptbxl500\", \"dataset\": \"ptbxl\", \"root\": \"ptbxl-500\"}}]}}");
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
            if (!doc.RootElement.TryGetProperty("sources", out JsonElement list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new DatasetException($"{file}: needs a non-empty \"sources\" list");
            }

            string folder = System.IO.Path.GetDirectoryName(file)!;
            var sources = new List<CorpusSource>();
            foreach (JsonElement e in list.EnumerateArray())
            {
                CorpusSource s = Source(file, folder, e, sources.Count + 1);
                if (sources.Any(o => o.Name.Equals(s.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new DatasetException($"{file}: source name '{s.Name}' is used twice; each source needs its own name");
                }

                sources.Add(s);
            }

            return new CorpusSpec(file, sources);
        }
        catch (JsonException ex)
        {
            throw new DatasetException($"{file}: not JSON ({ex.Message})", ex);
        }
    }

    private static CorpusSource Source(string file, string folder, JsonElement e, int number)
    {
        string where = $"{file}: source {number}";
        string Text(string field, bool required)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw new DatasetException($"{where}: not an object with name, dataset and root");
            }

            if (e.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()))
            {
                return v.GetString()!.Trim();
            }

            return required ? throw new DatasetException($"{where}: \"{field}\" is missing or not a string") : string.Empty;
        }

        string name = Text("name", true);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new DatasetException($"{where}: name '{name}' may hold only letters, digits, '-' and '_' (it prefixes record ids)");
        }

        string kind = Text("dataset", true);
        if (DatasetKinds.IsSynthetic(kind) || kind.Equals(DatasetKinds.Corpus, StringComparison.OrdinalIgnoreCase))
        {
            throw new DatasetException($"{where}: dataset '{kind}' cannot be a corpus source; use one of {string.Join(", ", DatasetKinds.OnDisk.Where(k => k != DatasetKinds.Corpus))}");
        }

        try
        {
            DatasetLoader.ParseKind(kind);
        }
        catch (DatasetException ex)
        {
            throw new DatasetException($"{where}: {ex.Message}", ex);
        }

        string root = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, Text("root", true)));
        NpyOptions? npy = null;
        double? rate = e.TryGetProperty("rate", out JsonElement r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : null;
        string unit = Text("unit", false), layout = Text("layout", false);
        if (rate is not null || unit.Length > 0 || layout.Length > 0)
        {
            npy = new NpyOptions
            {
                Rate = rate,
                Unit = unit.Length == 0 ? null : NpySidecar.ParseUnit(unit) ?? throw new DatasetException($"{where}: unit '{unit}' is not mV or standardised"),
                Layout = layout.Length == 0 ? null : NpySidecar.ParseLayout(layout) ?? throw new DatasetException($"{where}: layout '{layout}' is not time-leads or leads-time"),
            };
        }

        return new CorpusSource(name, kind.ToLowerInvariant(), root, npy);
    }
}

using System.Text.Json;

namespace Lamae.Training;

/// <summary>
/// What differs between the model settings a checkpoint was written with and the ones a run asks for, as
/// "path before -> after" lines over the JSON leaves, so a refused resume can say exactly what changed.
/// </summary>
public static class ModelConfigDiff
{
    /// <summary>Leaf-by-leaf differences between <paramref name="before"/> and <paramref name="after"/>; empty when equal.</summary>
    public static IReadOnlyList<string> Between(JsonElement before, JsonElement after)
    {
        Dictionary<string, string> a = Leaves(before).ToDictionary(StringComparer.Ordinal), b = Leaves(after).ToDictionary(StringComparer.Ordinal);
        return a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(k => !a.TryGetValue(k, out string? x) || !b.TryGetValue(k, out string? y) || x != y)
            .Select(k => $"{k} {a.GetValueOrDefault(k, "(none)")} -> {b.GetValueOrDefault(k, "(none)")}")
            .ToArray();
    }

    /// <summary>Every leaf of <paramref name="root"/> as ("a.b", raw JSON value), in document order.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Leaves(JsonElement root)
    {
        var leaves = new List<KeyValuePair<string, string>>();
        void Walk(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty p in e.EnumerateObject())
                {
                    Walk(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}");
                }
            }
            else
            {
                leaves.Add(new(path, e.GetRawText()));
            }
        }

        Walk(root, "");
        return leaves;
    }
}

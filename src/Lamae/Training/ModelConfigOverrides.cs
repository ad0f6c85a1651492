using System.Text.Json;
using System.Text.Json.Nodes;
using Lamae.Models;

namespace Lamae.Training;

/// <summary>
/// Model settings changed by name, as <c>lamae pretrain --set latent_rounds=1 --set lead_dropout.probability=0.8</c>
/// writes them: the names and values of a run's config.json, so every variant is a config of the one model, recorded
/// with the run (timm's and Hydra's overrides).
/// </summary>
public static class ModelConfigOverrides
{
    /// <summary>
    /// <paramref name="config"/> with every "name=value" of <paramref name="assignments"/> applied in order. Throws
    /// <see cref="ArgumentException"/> naming the assignment for a missing '=', an unknown name, a value of the wrong
    /// type, or a setting derived from others (num_patches).
    /// </summary>
    public static ModelConfig Apply(ModelConfig config, IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(assignments);
        foreach (string assignment in assignments)
        {
            config = ApplyOne(config, assignment);
        }

        return config;
    }

    /// <summary>The settable names with their current values, "name=value", in config.json order.</summary>
    public static IReadOnlyList<string> Describe(ModelConfig config) =>
        ModelConfigDiff.Leaves(JsonSerializer.SerializeToElement(config, Checkpoint.JsonOptions))
            .Where(l => !Derived.Contains(l.Key)).Select(l => $"{l.Key}={l.Value}").ToArray();

    private static readonly HashSet<string> Derived = ["num_patches", "num_masked", "num_visible"];

    private static ModelConfig ApplyOne(ModelConfig config, string assignment)
    {
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new ArgumentException($"--set {assignment}: expected name=value, for example latent_rounds=1");
        }

        string name = assignment[..eq].Trim().ToLowerInvariant(), text = assignment[(eq + 1)..].Trim();
        if (Derived.Contains(name))
        {
            throw new ArgumentException($"--set {assignment}: {name} follows from other settings and cannot be set");
        }

        JsonObject root = ToNode(config);
        string[] path = name.Split('.');
        JsonObject parent = root;
        foreach (string part in path[..^1])
        {
            parent = parent[part] as JsonObject ?? throw Unknown(assignment, config);
        }

        if (!parent.ContainsKey(path[^1]) || parent[path[^1]] is JsonObject)
        {
            throw Unknown(assignment, config);
        }

        parent[path[^1]] = ParseValue(text);
        try
        {
            return root.Deserialize<ModelConfig>(Checkpoint.JsonOptions) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new ArgumentException($"--set {assignment}: '{text}' is not a valid value for {name} (now {Describe(config).First(l => l.StartsWith(name + "=", StringComparison.Ordinal))})");
        }
    }

    private static JsonObject ToNode(ModelConfig config) => JsonSerializer.SerializeToNode(config, Checkpoint.JsonOptions)!.AsObject();

    // A JSON literal (number, true/false, quoted string) as written; anything else is taken as a bare string.
    private static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static ArgumentException Unknown(string assignment, ModelConfig config) =>
        new($"--set {assignment}: no such model setting; the settings are {string.Join(", ", Describe(config).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]))}");
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lamae.Experiments;

/// <summary>
/// An experiment as a file: where the data is, how it is cached, which models are pretrained, how they are probed,
/// what is rebuilt, and what it is expected to cost. Every <c>options</c> object holds the options of one lamae
/// command by their command-line names without the dashes ("cv-folds": 5), so a config says nothing a user could not
/// type; <see cref="ExperimentPlan"/> turns it into those commands. Example: configs/demo.json.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>Short name, shown in the plan and the report's folder.</summary>
    public required string Name { get; init; }

    /// <summary>What the experiment asks, in a sentence or two.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>What it costs: wall time and disk on named hardware, measured or estimated (it says which).</summary>
    public ExperimentExpectation? Expected { get; init; }

    /// <summary>Seed of pretraining, of the untrained floor and of the probe (data seeds are cache options).</summary>
    public int Seed { get; init; }

    /// <summary>cpu or cuda: where pretraining runs.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Named data folders or files; relative ones are taken from the config's folder; options refer to them as ${name}.</summary>
    public IReadOnlyDictionary<string, string> Roots { get; init; } = new Dictionary<string, string>();

    /// <summary>Where each root's data can be had (a URL and what to do), named in the error when the root is missing.</summary>
    public IReadOnlyDictionary<string, string> Downloads { get; init; } = new Dictionary<string, string>();

    /// <summary>The caches to build (`lamae cache build`), by name.</summary>
    public IReadOnlyList<ExperimentStep> Caches { get; init; } = [];

    /// <summary>The models to pretrain (`lamae pretrain`), each on <see cref="PretrainCache"/>.</summary>
    public IReadOnlyList<ExperimentStep> Models { get; init; } = [];

    /// <summary>The cache every model is pretrained on.</summary>
    public string? PretrainCache { get; init; }

    /// <summary>The labelled cache every model is embedded, probed and rebuilt on.</summary>
    public string? EvaluateCache { get; init; }

    /// <summary>Options of every `lamae embed` (e.g. batch, readout).</summary>
    public JsonElement? Embed { get; init; }

    /// <summary>The untrained floor's preset (`lamae embed --model random --preset P`); null leaves the floor out (a report without it is not honest).</summary>
    public string? Floor { get; init; } = "tiny";

    /// <summary>The probes (`lamae probe` on every model's embeddings and the floor), each with its label set and protocol.</summary>
    public IReadOnlyList<ExperimentStep> Probes { get; init; } = [];

    /// <summary>The missing-lead reconstruction (`lamae reconstruct`); null leaves it out.</summary>
    public ExperimentReconstruction? Reconstruct { get; init; }

    /// <summary>The path the config was read from (set by <see cref="Read"/>); relative roots are taken from its folder.</summary>
    [JsonIgnore]
    public string? Source { get; init; }

    /// <summary>Snake-case JSON, as every file Lamae writes.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Reads a config; a missing, unreadable or malformed file is one line naming it and the problem.</summary>
    public static ExperimentConfig Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new LamaeException($"{full}: no such experiment config (configs/ holds the shipped ones)");
        }

        ExperimentConfig config;
        try
        {
            config = JsonSerializer.Deserialize<ExperimentConfig>(File.ReadAllText(full), JsonOptions)
                ?? throw new LamaeException($"{full}: empty experiment config");
        }
        catch (JsonException ex)
        {
            throw new LamaeException($"{full}: not an experiment config: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LamaeException($"{full}: cannot be read ({ex.Message})", ex);
        }

        config = config with { Source = full };
        config.Validate();
        return config;
    }

    /// <summary>Parses config text (for configs shipped inside the program); <paramref name="source"/> names it in errors.</summary>
    public static ExperimentConfig Parse(string json, string source)
    {
        try
        {
            ExperimentConfig config = (JsonSerializer.Deserialize<ExperimentConfig>(json, JsonOptions) ?? throw new LamaeException($"{source}: empty experiment config")) with { Source = source };
            config.Validate();
            return config;
        }
        catch (JsonException ex)
        {
            throw new LamaeException($"{source}: not an experiment config: {ex.Message}", ex);
        }
    }

    /// <summary>The config as JSON, as it is recorded beside an experiment's outputs.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Checks that names are unique and every reference points somewhere; one line naming the config and the problem.</summary>
    public void Validate()
    {
        string where = Source ?? Name;
        Require(!string.IsNullOrWhiteSpace(Name), "needs a name");
        Require(Caches.Count > 0, "needs at least one cache under \"caches\"");
        Unique(Caches, "cache");
        Unique(Models, "model");
        Unique(Probes, "probe");
        var caches = Caches.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        Require(Models.Count == 0 || (PretrainCache is { } p && caches.Contains(p)), $"\"pretrain_cache\" must name one of the caches ({string.Join(", ", caches)})");
        Require(EvaluateCache is { } e && caches.Contains(e), $"\"evaluate_cache\" must name one of the caches ({string.Join(", ", caches)})");
        Require(Models.Count > 0 || Floor is not null, "has nothing to evaluate: no models and no floor");
        Require(Floor is null || Models.All(m => m.Name != ExperimentPlan.FloorName), $"\"{ExperimentPlan.FloorName}\" is the floor's name; call the model otherwise");
        if (Reconstruct is { } r)
        {
            Require(r.Models.Count > 0, "\"reconstruct\" needs \"models\"");
            foreach (string m in r.Models)
            {
                Require(Models.Any(x => x.Name == m), $"\"reconstruct\" names model '{m}', which is not under \"models\"");
            }

            Require(r.FitCache is null || caches.Contains(r.FitCache), $"\"reconstruct\".\"fit_cache\" must name one of the caches ({string.Join(", ", caches)})");
        }

        foreach (string name in Roots.Keys)
        {
            Require(name.Length > 0 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'), $"root name '{name}': letters, digits, '-' and '_' only");
        }

        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                throw new LamaeException($"{where}: {problem}");
            }
        }

        void Unique(IReadOnlyList<ExperimentStep> steps, string what)
        {
            foreach (ExperimentStep s in steps)
            {
                Require(!string.IsNullOrWhiteSpace(s.Name) && s.Name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.'),
                    $"{what} name '{s.Name}': letters, digits, '-', '_' and '.' only (it names a folder)");
                Require(steps.Count(x => x.Name == s.Name) == 1, $"two {what}s are called '{s.Name}'");
            }
        }
    }
}

/// <summary>One named use of a lamae command and its options (a cache, a model, a probe).</summary>
/// <param name="Name">The name of its folder and row.</param>
/// <param name="Options">The command's options by name without dashes: strings and numbers as values, true as a flag, arrays repeat the option.</param>
public sealed record ExperimentStep(string Name, JsonElement? Options = null);

/// <summary>Which models rebuild missing leads, on which data, with the linear baseline fitted on <paramref name="FitCache"/>'s training split.</summary>
public sealed record ExperimentReconstruction(IReadOnlyList<string> Models, string? FitCache = null, JsonElement? Options = null);

/// <summary>What an experiment costs, on what, and whether it was measured.</summary>
/// <param name="Time">Wall time, e.g. "12 min on 2 CPU cores (AMD EPYC), measured".</param>
/// <param name="Disk">Disk the outputs take, e.g. "120 MB".</param>
/// <param name="Hardware">What it was measured or estimated on.</param>
public sealed record ExperimentExpectation(string Time, string Disk, string? Hardware = null);

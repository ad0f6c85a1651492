using System.Text.Json;
using System.Text.Json.Serialization;
using Lamae.Common;

namespace Lamae.Cache;

/// <summary>
/// The description of a finished cache (manifest.json, written last: a cache without it is unfinished). Holds what
/// made it (settings, pipeline, code version, dataset identity), its shape, and checksums of the index and shards.
/// </summary>
public sealed record CacheManifest(
    int Version,
    CacheBuildSettings Settings,
    string PipelineHash,
    int Leads,
    int Samples,
    int Records,
    int Failures,
    int Shards,
    string IndexSha256,
    string CodeVersion,
    DateTime CreatedUtc,
    IReadOnlyDictionary<string, int> LabelCounts)
{
    /// <summary>The manifest's file name inside a cache folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Format version of the whole cache.</summary>
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Reads a cache's manifest; a missing one means the build did not finish.</summary>
    public static CacheManifest Read(string cacheDir)
    {
        string path = Path.Combine(cacheDir, FileName);
        if (!Directory.Exists(cacheDir))
        {
            throw new CacheException($"{cacheDir}: no such cache folder");
        }

        if (!File.Exists(path))
        {
            throw new CacheException($"{cacheDir}: no {FileName}: the cache build has not finished; run 'lamae cache build' again with the same options to resume it");
        }

        try
        {
            CacheManifest m = JsonSerializer.Deserialize<CacheManifest>(File.ReadAllText(path), Json)
                ?? throw new CacheException($"{path}: empty manifest");
            return m.Version == CurrentVersion ? m
                : throw new CacheException($"{path}: cache format version {m.Version}; this Lamae reads version {CurrentVersion}: rebuild the cache");
        }
        catch (JsonException ex)
        {
            throw new CacheException($"{path}: the manifest is damaged ({ex.Message}); rebuild the cache", ex);
        }
    }

    /// <summary>Writes the manifest atomically.</summary>
    public void Write(string cacheDir)
    {
        AtomicFile.WriteAllText(Path.Combine(cacheDir, FileName), JsonSerializer.Serialize(this, Json));
    }

    /// <summary>Serialises build settings (build.json) the same way.</summary>
    public static string SettingsJson(CacheBuildSettings s) => JsonSerializer.Serialize(s, Json);

    /// <summary>Parses build settings.</summary>
    public static CacheBuildSettings? ParseSettings(string json) => JsonSerializer.Deserialize<CacheBuildSettings>(json, Json);
}

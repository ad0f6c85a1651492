using Lamae.Io.Datasets;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using Lamae.Common;
using Lamae.Core;
using Lamae.Signal;

namespace Lamae.Cache;

/// <summary>
/// Builds a cache: reads every record of a source, runs the preprocessing pipeline, and packs the results into
/// shard files plus an index. Shard k always holds source records [k N, (k + 1) N) (N from the shard size), so a
/// build interrupted at any point (Ctrl-C, kill -9) resumes by skipping the shards that exist: each is written to a
/// temporary name and renamed, and the manifest is written last. Memory stays bounded by one shard whatever the
/// dataset size. Records that fail are listed with the reason and left out; they do not stop the build.
/// </summary>
public static class CacheBuilder
{
    private const string SettingsFile = "build.json";

    /// <summary>Builds (or resumes, or confirms) the cache in <paramref name="dir"/>; returns its manifest.</summary>
    /// <param name="settings">What to build.</param>
    /// <param name="dir">The cache folder.</param>
    /// <param name="threads">Records processed in parallel.</param>
    /// <param name="progress">Receives the number of source records done (skipped shards included).</param>
    /// <param name="shardWritten">Called after each shard is written (tests interrupt builds with it).</param>
    /// <param name="source">The opened source of <paramref name="settings"/>, when the caller has it already.</param>
    /// <param name="cancel">Stops after the records in flight; finished shards stay for the resume.</param>
    public static CacheManifest Build(CacheBuildSettings settings, string dir, int threads, IProgress<int>? progress = null,
        Action<int>? shardWritten = null, CacheSource? source = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PreprocessingPipeline pipeline = ParsePipeline(settings);
        string shardDir = Path.Combine(dir, "shards");
        Directory.CreateDirectory(shardDir);
        if (CheckExisting(settings, dir) is { } done)
        {
            progress?.Report(done.Records + done.Failures);
            return done;
        }

        source ??= CacheSource.Open(settings);
        int samples = settings.Samples;
        long recordBytes = 2L * Leads.Count * samples;
        int perShard = (int)Math.Clamp(settings.ShardBytes / recordBytes, 1, int.MaxValue / recordBytes);
        int shards = (source.Count + perShard - 1) / perShard;
        int completed = 0;
        for (int k = 0; k < shards; k++)
        {
            int first = k * perShard, count = Math.Min(perShard, source.Count - first);
            if (!ShardComplete(dir, k, first))
            {
                BuildShard(settings, pipeline, source, dir, k, first, count, threads, n => progress?.Report(completed + n), cancel);
                shardWritten?.Invoke(k);
            }

            completed += count;
            progress?.Report(completed);
        }

        return Finish(settings, pipeline, dir, shards, samples);
    }

    /// <summary>The pipeline of <paramref name="settings"/>, with a resample and crop-or-pad appended when it lacks them.</summary>
    public static PreprocessingPipeline ParsePipeline(CacheBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PreprocessingPipeline p = PreprocessingPipeline.FromJson(settings.Pipeline);
        var steps = p.Steps.ToList();
        if (!steps.OfType<Resample>().Any())
        {
            steps.Add(new Resample(settings.Rate));
        }

        if (!steps.OfType<CropOrPad>().Any())
        {
            steps.Add(new CropOrPad(settings.Seconds));
        }

        return new PreprocessingPipeline(steps);
    }

    // A finished cache with the same settings is returned as is; a folder holding another build is refused.
    private static CacheManifest? CheckExisting(CacheBuildSettings settings, string dir)
    {
        string settingsPath = Path.Combine(dir, SettingsFile);
        string json = CacheManifest.SettingsJson(settings);
        if (File.Exists(Path.Combine(dir, CacheManifest.FileName)))
        {
            CacheManifest m = CacheManifest.Read(dir);
            return m.Settings == settings ? m
                : throw new CacheException($"{dir}: holds a finished cache built with other settings; choose another --out or delete it");
        }

        if (File.Exists(settingsPath))
        {
            CacheBuildSettings? previous = CacheManifest.ParseSettings(File.ReadAllText(settingsPath));
            if (previous != settings)
            {
                throw new CacheException($"{dir}: holds an unfinished build with other settings ({settingsPath}); resume it with the same options, or choose another --out");
            }
        }
        else
        {
            AtomicFile.WriteAllText(settingsPath, json);
        }

        return null;
    }

    private static string PartPath(string dir, int shard) => Path.Combine(dir, "shards", $"shard-{shard:D5}.idx");

    private static bool ShardComplete(string dir, int shard, int first)
    {
        string bin = EcgCache.ShardPath(dir, shard);
        if (!File.Exists(bin) || !File.Exists(PartPath(dir, shard)))
        {
            return false;
        }

        try
        {
            return ShardFile.ReadHeader(bin).FirstSource == first;
        }
        catch (CacheException)
        {
            return false;   // a damaged shard is simply built again
        }
    }

    private static void BuildShard(CacheBuildSettings settings, PreprocessingPipeline pipeline, CacheSource source, string dir, int shard,
        int first, int count, int threads, Action<int> progress, CancellationToken cancel)
    {
        int samples = settings.Samples;
        int values = Leads.Count * samples;
        var payload = new short[(long)count * values];
        var results = new (CacheRecord? Record, CacheFailure? Failure)[count];
        int done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancel };
        Parallel.For(0, count, options, () => new float[values], (i, _, buffer) =>
        {
            results[i] = Process(settings, pipeline, source, first + i, samples, buffer, payload.AsSpan(i * values, values));
            progress(Interlocked.Increment(ref done));
            return buffer;
        }, _ => { });

        // Compact in place: failed records leave no slot (a record only ever moves left, so no overlap).
        var records = new List<CacheRecord>(count);
        var failures = new List<CacheFailure>();
        for (int i = 0; i < count; i++)
        {
            if (results[i].Record is { } r)
            {
                if (records.Count != i)
                {
                    payload.AsSpan(i * values, values).CopyTo(payload.AsSpan(records.Count * values, values));
                }

                records.Add(r with { Shard = shard, Slot = records.Count });
            }
            else
            {
                failures.Add(results[i].Failure!);
            }
        }

        CacheIndexFile.Write(PartPath(dir, shard), records, failures);
        var header = new ShardHeader(settings.Storage, Leads.Count, samples, records.Count, first, pipeline.Hash, 0);
        ShardFile.Write(EcgCache.ShardPath(dir, shard), header, MemoryMarshal.AsBytes(payload.AsSpan(0, records.Count * values)));
    }

    private static (CacheRecord?, CacheFailure?) Process(CacheBuildSettings settings, PreprocessingPipeline pipeline, CacheSource source,
        int index, int samples, float[] buffer, Span<short> destination)
    {
        try
        {
            (SourceRecord facts, Ecg ecg) = source.Load(index);
            PreprocessingResult result = pipeline.Apply(ecg);
            Ecg e = result.Ecg;
            if (Math.Abs(e.SamplingRate - settings.Rate) > 1e-6 || e.Length != samples)
            {
                return (null, new CacheFailure(facts.RecordId, $"the pipeline gave {e.SamplingRate} Hz x {e.Length} samples, the cache needs {settings.Rate} Hz x {samples}"));
            }

            e.Data.CopyTo(buffer);
            float scale = Encode(settings.Storage, buffer, destination);
            ushort leadMask = 0, flatMask = 0;
            foreach (Lead l in e.PresentLeads)
            {
                leadMask |= (ushort)(1 << (int)l);
            }

            foreach (Lead l in result.FlatLeads.Concat(result.AllNaNLeads))
            {
                flatMask |= (ushort)(1 << (int)l);
            }

            var record = new CacheRecord(facts.RecordId, facts.SubjectId, 0, 0, leadMask, flatMask, (float)ecg.Duration, scale,
                facts.Fold, facts.Split, facts.Labels, facts.Age, facts.Sex);
            return (record, null);
        }
        catch (Exception ex) when (ex is LamaeException or ArgumentException or IOException or InvalidDataException)
        {
            return (null, new CacheFailure(source.RecordId(index), ex.Message));
        }
    }

    // float16 keeps every standardised value to ~3 significant digits; int16 uses max |x| / 32767 as the step.
    private static float Encode(CacheStorage storage, float[] values, Span<short> destination)
    {
        if (storage == CacheStorage.Float16)
        {
            TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<short, Half>(destination));
            return 1;
        }

        float max = TensorPrimitives.MaxMagnitude(values);
        float scale = max > 0 && float.IsFinite(max) ? max / short.MaxValue : 1;
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = (short)Math.Clamp(MathF.Round(values[i] / scale), -short.MaxValue, short.MaxValue);
        }

        return scale;
    }

    private static CacheManifest Finish(CacheBuildSettings settings, PreprocessingPipeline pipeline, string dir, int shards, int samples)
    {
        var records = new List<CacheRecord>();
        var failures = new List<CacheFailure>();
        for (int k = 0; k < shards; k++)
        {
            (List<CacheRecord> r, List<CacheFailure> f) = CacheIndexFile.Read(PartPath(dir, k));
            records.AddRange(r);
            failures.AddRange(f);
        }

        if (settings.Dataset.Equals(DatasetKinds.Corpus, StringComparison.OrdinalIgnoreCase))
        {
            // A corpus may hold one ECG twice, from two datasets: the later copy is left out, with the reason.
            IReadOnlyList<CacheDuplicate> duplicates = CacheDuplicates.Find(dir, records, samples);
            var repeated = duplicates.ToDictionary(d => d.RecordId, StringComparer.Ordinal);
            records.RemoveAll(r => repeated.ContainsKey(r.RecordId));
            failures.AddRange(duplicates.Select(d => new CacheFailure(d.RecordId,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the same ECG as {d.SameAs} (correlation {d.Correlation:F4} of their lead II, else I); kept once"))));
        }

        if (settings.Dataset.Equals(DatasetKinds.Corpus, StringComparison.OrdinalIgnoreCase))
        {
            // The cache (and every run trained on it) keeps what the corpus was, even if its corpus.json changes later.
            File.Copy(CorpusSpec.Read(settings.Root).Path, Path.Combine(dir, CorpusSpec.FileName), overwrite: true);
        }

        string sha = CacheIndexFile.Write(Path.Combine(dir, "index.bin"), records, failures);
        File.WriteAllText(Path.Combine(dir, "failures.json"), JsonSerializer.Serialize(failures, FailureJson));
        var labels = records.SelectMany(r => r.Labels).GroupBy(l => l, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var manifest = new CacheManifest(CacheManifest.CurrentVersion, settings, pipeline.Hash, Leads.Count, samples, records.Count, failures.Count,
            shards, sha, CodeVersion.Current, DateTime.UtcNow, labels);
        manifest.Write(dir);
        for (int k = 0; k < shards; k++)
        {
            File.Delete(PartPath(dir, k));
        }

        File.Delete(Path.Combine(dir, SettingsFile));
        return manifest;
    }

    private static readonly JsonSerializerOptions FailureJson = new() { WriteIndented = true };
}

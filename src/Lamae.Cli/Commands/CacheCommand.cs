using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Lamae.Cache;
using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Signal;
using Spectre.Console;

namespace Lamae.Cli.Commands;

/// <summary>`lamae cache build|inspect`: the packed, preprocessed ECG cache that pretraining reads.</summary>
public static class CacheCommand
{
    public static Command Create(CliOutput output)
    {
        var command = new Command("cache", "Build and inspect packed, preprocessed ECG caches");
        command.Subcommands.Add(Build(output));
        command.Subcommands.Add(Inspect(output));
        return command;
    }

    private static Command Build(CliOutput output)
    {
        var dataset = new Option<string>("--dataset") { Description = $"Source: {DatasetKinds.Listed(DatasetKinds.CacheSources)}", Required = true };
        dataset.AcceptOnlyFromAmong([.. DatasetKinds.CacheSources]);
        var root = new Option<string?>("--root") { Description = $"Dataset folder (not for {DatasetKinds.Synthetic})" };
        var outDir = new Option<string>("--out") { Description = "Cache folder (created; an unfinished one is resumed)", Required = true };
        var rate = new Option<double>("--rate") { Description = "Sampling rate of the cached signals (Hz)", DefaultValueFactory = _ => 100 };
        var seconds = new Option<double>("--seconds") { Description = "Length of each cached record (s): cropped or padded", DefaultValueFactory = _ => 10 };
        var pipeline = new Option<string?>("--pipeline")
        {
            Description = "Preprocessing steps, e.g. 'interpolateNaN,bandpass:0.5:40:4,resample:100,crop:10:center,standardise' (default: the standard pipeline for --rate)",
        };
        var storage = new Option<string>("--storage") { Description = "float16 or int16 (with a per-record scale)", DefaultValueFactory = _ => "float16" };
        storage.AcceptOnlyFromAmong("float16", "int16");
        var shardMb = new Option<int>("--shard-mb") { Description = "Shard file size (MB)", DefaultValueFactory = _ => 64 };
        var count = new Option<int>("--count") { Description = $"{DatasetKinds.Synthetic}: number of ECGs", DefaultValueFactory = _ => 2000 };
        var simRate = new Option<double>("--sim-rate") { Description = $"{DatasetKinds.Synthetic}: simulation rate before preprocessing (Hz)", DefaultValueFactory = _ => 500 };
        var command = new Command("build", "Read, preprocess and pack a dataset into a cache; resumes an interrupted build")
        {
            dataset, root, outDir, rate, seconds, pipeline, storage, shardMb, count, simRate,
        };
        command.SetAction((parse, token) =>
        {
            string kind = parse.GetValue(dataset)!;
            string? rootDir = parse.GetValue(root);
            bool synthetic = DatasetKinds.IsSynthetic(kind);
            if (!synthetic && string.IsNullOrEmpty(rootDir))
            {
                throw new UsageException($"--root is needed for --dataset {kind}");
            }

            double hz = parse.GetValue(rate), secs = parse.GetValue(seconds);
            if (hz is < 10 or > 10_000 || secs is <= 0 or > 600)
            {
                throw new UsageException($"--rate {hz} / --seconds {secs}: the rate must lie in 10-10000 Hz and the length in (0, 600] s");
            }

            if (parse.GetValue(shardMb) < 1)
            {
                throw new UsageException($"--shard-mb {parse.GetValue(shardMb)}: must be at least 1");
            }

            PreprocessingPipeline steps = parse.GetValue(pipeline) is { } text ? ParsePipeline(text) : PreprocessingPipeline.Default(hz, secs);
            var settings = new CacheBuildSettings(
                kind, synthetic ? string.Empty : Path.GetFullPath(rootDir!), hz, secs, steps.ToJson(),
                parse.GetValue(storage) == "int16" ? CacheStorage.Int16 : CacheStorage.Float16,
                (long)parse.GetValue(shardMb) << 20,
                synthetic ? parse.GetValue(count) : 0,
                synthetic ? parse.GetValue(simRate) : 500,
                synthetic ? parse.GetValue(GlobalOptions.Seed) : 0);
            string dir = parse.GetValue(outDir)!;
            CacheSource source = CacheSource.Open(settings);
            var clock = Stopwatch.StartNew();
            CacheManifest m;
            try
            {
                m = ProgressRunner.Run(output, "caching", source.Count, "rec",
                    progress => CacheBuilder.Build(settings, dir, GlobalOptions.GetThreads(parse), progress, source: source, cancel: token));
            }
            catch (OperationCanceledException)
            {
                output.Error.WriteLine($"lamae: interrupted; the finished shards in {dir} are kept: run the same command again to resume");
                return Task.FromResult(ExitCodes.Failure);
            }

            double elapsed = clock.Elapsed.TotalSeconds;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(new { cache = dir, m.Records, m.Failures, m.Shards, m.PipelineHash, seconds = elapsed, recordsPerSecond = (m.Records + m.Failures) / elapsed });
            }
            else
            {
                output.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{dir}: {m.Records} records in {m.Shards} shards, {m.Failures} failed (listed in failures.json), {(m.Records + m.Failures) / elapsed:F0} records/s")));
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static Command Inspect(CliOutput output)
    {
        var dir = new Argument<string>("CACHE") { Description = "A cache folder" };
        var verify = new Option<bool>("--verify") { Description = "Also re-read every shard and check its checksum" };
        var command = new Command("inspect", "Counts, rates, lead coverage, label prevalence, size, pipeline and problems of a cache") { dir, verify };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(dir)!;
            using EcgCache cache = EcgCache.Open(path);
            IReadOnlyList<string> damaged = parse.GetValue(verify) ? cache.VerifyShards() : [];
            CacheManifest m = cache.Manifest;
            long bytes = Directory.GetFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            var coverage = Leads.All.ToDictionary(l => l.Name(), l => cache.Records.Count(r => r.Has(l)));
            var flat = Leads.All.ToDictionary(l => l.Name(), l => cache.Records.Count(r => (r.FlatMask & (1 << (int)l)) != 0));
            var splits = cache.Records.GroupBy(r => r.Split).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count());
            var summary = new
            {
                cache = cache.Directory,
                m.Records,
                m.Failures,
                subjects = cache.Records.Select(r => r.SubjectId).Distinct(StringComparer.Ordinal).Count(),
                m.Settings.Rate,
                m.Samples,
                seconds = m.Settings.Seconds,
                storage = m.Settings.Storage.ToString(),
                m.Shards,
                diskBytes = bytes,
                pipeline = PreprocessingPipeline.FromJson(m.Settings.Pipeline).ToString(),
                m.PipelineHash,
                source = $"{m.Settings.Dataset} {m.Settings.Root}".Trim(),
                m.CodeVersion,
                m.CreatedUtc,
                leadCoverage = coverage,
                flatLeads = flat,
                splits,
                labels = m.LabelCounts,
                damagedShards = damaged,
            };
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(summary);
            }
            else
            {
                Render(output, summary.cache, m, bytes, summary.subjects, summary.pipeline, coverage, splits, damaged);
            }

            return damaged.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void Render(CliOutput output, string path, CacheManifest m, long bytes, int subjects, string pipeline,
        Dictionary<string, int> coverage, Dictionary<string, int> splits, IReadOnlyList<string> damaged)
    {
        IAnsiConsole c = output.Console;
        string I(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
        c.MarkupLine(Markup.Escape(I($"{path}: {m.Records} records ({subjects} subjects), {m.Failures} failed; {m.Settings.Rate:G6} Hz x {m.Samples} samples, {m.Settings.Storage}; {m.Shards} shards, {bytes / 1e6:F1} MB")));
        c.MarkupLine(Markup.Escape(I($"source {m.Settings.Dataset} {m.Settings.Root}; pipeline {pipeline} (hash {m.PipelineHash}); built {m.CreatedUtc:u} by Lamae {m.CodeVersion}")));
        var t = new Table().Border(TableBorder.Simple).Title("lead coverage").AddColumn("lead").AddColumn(new TableColumn("records").RightAligned());
        foreach ((string lead, int n) in coverage)
        {
            t.AddRow(lead, I($"{n} ({(m.Records == 0 ? 0 : (double)n / m.Records):P0})"));
        }

        c.Write(t);
        c.MarkupLine(Markup.Escape("splits: " + string.Join(", ", splits.Select(s => $"{s.Key} {s.Value}"))));
        if (m.LabelCounts.Count > 0)
        {
            var l = new Table().Border(TableBorder.Simple).Title(I($"labels (top 20 of {m.LabelCounts.Count})")).AddColumn("code").AddColumn(new TableColumn("records").RightAligned());
            foreach ((string code, int n) in m.LabelCounts.Take(20))
            {
                l.AddRow(Markup.Escape(code), I($"{n} ({(double)n / Math.Max(1, m.Records):P1})"));
            }

            c.Write(l);
        }

        foreach (string d in damaged)
        {
            output.Error.WriteLine($"lamae cache inspect: {d}: payload checksum mismatch: the shard is damaged; rebuild the cache");
        }
    }

    private static PreprocessingPipeline ParsePipeline(string text)
    {
        try
        {
            return PreprocessingPipeline.Parse(text);
        }
        catch (Exception ex) when (ex is LamaeException or ArgumentException)
        {
            throw new UsageException($"--pipeline: {ex.Message}");
        }
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Lamae.Cache;
using Lamae.Io.Datasets;
using Lamae.Signal;
using Lamae.Synthetic;
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
        var root = new Option<string?>("--root") { Description = $"Dataset folder, or for {DatasetKinds.Corpus} its corpus.json (not for {DatasetKinds.Synthetic})" };
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
        var difficulty = new Option<string?>("--difficulty") { Description = $"{DatasetKinds.Synthetic}: {SimulationDifficulties.Help} [default: standard]" };
        difficulty.AcceptOnlyFromAmong([.. SimulationDifficulties.Names]);
        var npy = new NpySourceOptions();
        var command = new Command("build", "Read, preprocess and pack a dataset into a cache; resumes an interrupted build")
        {
            dataset, root, outDir, rate, seconds, pipeline, storage, shardMb, count, simRate, difficulty,
        };
        foreach (Option o in npy.All)
        {
            command.Options.Add(o);
        }

        command.SetAction((parse, token) =>
        {
            string kind = parse.GetValue(dataset)!;
            string? rootDir = parse.GetValue(root);
            bool synthetic = DatasetKinds.IsSynthetic(kind);
            if (!synthetic && string.IsNullOrEmpty(rootDir))
            {
                throw new UsageException($"--root is needed for --dataset {kind}");
            }

            string? difficultyName = parse.GetValue(difficulty);
            if (!synthetic && difficultyName is not null)
            {
                throw new UsageException($"--difficulty {difficultyName}: only --dataset {DatasetKinds.Synthetic} is simulated; leave it out for --dataset {kind}");
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
                synthetic ? parse.GetValue(GlobalOptions.Seed) : 0,
                npy.Read(parse, synthetic ? null : DatasetLoader.ParseKind(kind)),
                SimulationDifficulties.Parse(difficultyName) ?? SimulationDifficulty.Standard);
            string dir = parse.GetValue(outDir)!;
            CacheSource source = CacheSource.Open(settings);
            if (!synthetic && DatasetLoader.ParseKind(kind) == DatasetKind.Npy
                && NpyDataset.Open(settings.Root, settings.Npy).Unit == Core.EcgUnit.Standardised && steps.Steps.OfType<Clip>().FirstOrDefault() is { } clip)
            {
                // Clip passes standardised records unchanged; say so once rather than let the step look applied.
                output.Error.WriteLine($"lamae cache build: {clip}: {Io.Quality.EcgQuality.NotApplicableToStandardised}; the step leaves these records unchanged");
            }

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
                if (!synthetic && DatasetLoader.ParseKind(kind) == DatasetKind.Corpus)
                {
                    using EcgCache built = EcgCache.Open(dir);
                    WriteSources(output, CorpusSourceCounts.Of(built));
                }
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    // Per source of a corpus: what it gave and what it lost, and why.
    private static void WriteSources(CliOutput output, IReadOnlyList<CorpusSourceCounts> sources)
    {
        var t = new Table().Border(TableBorder.Simple).Title("corpus sources").AddColumn("source").AddColumn(new TableColumn("records").RightAligned())
            .AddColumn(new TableColumn("refused").RightAligned()).AddColumn("why");
        foreach (CorpusSourceCounts s in sources)
        {
            t.AddRow(Markup.Escape(s.Source), s.Records.ToString(CultureInfo.InvariantCulture), s.Refused.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join("; ", s.Reasons.Take(3).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Count} x {r.Reason}")))));
        }

        output.Console.Write(t);
    }

    private static Command Inspect(CliOutput output)
    {
        var dir = new Argument<string>("CACHE") { Description = "A cache folder" };
        var verify = new Option<bool>("--verify") { Description = "Also re-read every shard and check its checksum" };
        var command = new Command("inspect", "Counts, rates, lead coverage, label prevalence, size, pipeline and problems of a cache") { dir, verify };
        command.SetAction(parse =>
        {
            using EcgCache cache = EcgCache.Open(parse.GetValue(dir)!);
            CacheSummary s = CacheSummary.Of(cache, parse.GetValue(verify));
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(s);
            }
            else
            {
                Render(output, s, cache.Manifest.Settings);
            }

            return s.DamagedShards.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void Render(CliOutput output, CacheSummary s, CacheBuildSettings settings)
    {
        IAnsiConsole c = output.Console;
        string I(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
        c.MarkupLine(Markup.Escape(I($"{s.Cache}: {s.Records} records ({s.Subjects} subjects), {s.Failures} failed; {s.Rate:G6} Hz x {s.Samples} samples, {s.Storage}; {s.Shards} shards, {s.DiskBytes / 1e6:F1} MB")));
        c.MarkupLine(Markup.Escape(I($"source {settings.Dataset} {settings.Root}; pipeline {s.Pipeline} (hash {s.PipelineHash}); built {s.CreatedUtc:u} by Lamae {s.CodeVersion}")));
        var t = new Table().Border(TableBorder.Simple).Title("lead coverage").AddColumn("lead").AddColumn(new TableColumn("records").RightAligned());
        foreach ((string lead, int n) in s.LeadCoverage)
        {
            t.AddRow(lead, I($"{n} ({(s.Records == 0 ? 0 : (double)n / s.Records):P0})"));
        }

        c.Write(t);
        c.MarkupLine(Markup.Escape("splits: " + string.Join(", ", s.Splits.Select(x => $"{x.Key} {x.Value}"))));
        if (s.Labels.Count > 0)
        {
            var l = new Table().Border(TableBorder.Simple).Title(I($"labels (top 20 of {s.Labels.Count})")).AddColumn("code").AddColumn(new TableColumn("records").RightAligned());
            foreach ((string code, int n) in s.Labels.Take(20))
            {
                l.AddRow(Markup.Escape(code), I($"{n} ({(double)n / Math.Max(1, s.Records):P1})"));
            }

            c.Write(l);
        }

        foreach (string d in s.DamagedShards)
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

using System.Globalization;

namespace Lamae.Experiments;

/// <summary>
/// The stages of an experiment, in the order they run, each one lamae command writing one folder under the
/// experiment's folder: caches/NAME, runs/MODEL, embeddings/MODEL (and embeddings/random, the untrained floor),
/// probes/NAME, reconstruct/MODEL, and report/. Nothing here runs anything: the plan is what `lamae experiment --plan`
/// prints and what the runner executes.
/// </summary>
public sealed class ExperimentPlan
{
    /// <summary>The untrained floor's name in folders and tables.</summary>
    public const string FloorName = "random";

    /// <summary>The record of the experiment inside its folder.</summary>
    public const string RecordFileName = "experiment.json";

    private ExperimentPlan(ExperimentConfig config, string directory, IReadOnlyDictionary<string, string> roots, IReadOnlyList<ExperimentStage> stages)
    {
        Config = config;
        Directory = directory;
        Roots = roots;
        Stages = stages;
    }

    public ExperimentConfig Config { get; }

    /// <summary>The experiment's folder (full path).</summary>
    public string Directory { get; }

    /// <summary>The config's roots as full paths, after any overrides.</summary>
    public IReadOnlyDictionary<string, string> Roots { get; }

    public IReadOnlyList<ExperimentStage> Stages { get; }

    /// <summary>The report's folder.</summary>
    public string ReportDirectory => Path.Combine(Directory, "report");

    /// <summary>
    /// Plans <paramref name="config"/> into <paramref name="directory"/>. <paramref name="rootOverrides"/> replace roots by
    /// name (relative to the working folder); <paramref name="seed"/> and <paramref name="device"/>, when given, replace the config's.
    /// </summary>
    public static ExperimentPlan Create(ExperimentConfig config, string directory, IReadOnlyDictionary<string, string>? rootOverrides = null, int? seed = null, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string where = config.Source ?? config.Name;
        string baseDir = config.Source is { } src && File.Exists(src) ? Path.GetDirectoryName(src)! : System.IO.Directory.GetCurrentDirectory();
        var roots = config.Roots.ToDictionary(r => r.Key, r => Path.GetFullPath(r.Value, baseDir), StringComparer.Ordinal);
        foreach ((string name, string path) in rootOverrides ?? new Dictionary<string, string>())
        {
            if (!roots.ContainsKey(name))
            {
                throw new LamaeException($"--root {name}=...: {where} has no root called '{name}' ({(roots.Count == 0 ? "it has none" : "it has " + string.Join(", ", roots.Keys))})");
            }

            roots[name] = Path.GetFullPath(path);
        }

        string dir = FolderFor(directory);
        int seedValue = seed ?? config.Seed;
        string deviceName = device ?? config.Device;
        string Seed() => seedValue.ToString(CultureInfo.InvariantCulture);
        var stages = new List<ExperimentStage>();
        string CacheDir(string name) => Path.Combine(dir, "caches", name);

        foreach (ExperimentStep c in config.Caches)
        {
            var args = new List<string> { "cache", "build", "--out", CacheDir(c.Name) };
            args.AddRange(StepOptions.ToArguments(c.Options, roots, $"{where}: cache '{c.Name}'"));
            double count = StepOptions.Value(c.Options, "dataset") == "synthetic" ? StepOptions.Number(c.Options, "count", 2000) : 0;
            stages.Add(new ExperimentStage($"cache {c.Name}", StageKinds.Cache, args, CacheDir(c.Name), "manifest.json", null, count));
        }

        double CountOf(string? cache) => stages.FirstOrDefault(x => x.Kind == StageKinds.Cache && x.Folder == CacheDir(cache ?? string.Empty))?.Units ?? 0;
        foreach (ExperimentStep m in config.Models)
        {
            string run = Path.Combine(dir, "runs", m.Name);
            var args = new List<string> { "pretrain", "--cache", CacheDir(config.PretrainCache!), "--out", run, "--seed", Seed(), "--device", deviceName };
            args.AddRange(StepOptions.ToArguments(m.Options, roots, $"{where}: model '{m.Name}'"));
            double units = CountOf(config.PretrainCache) * StepOptions.Number(m.Options, "epochs", 5);
            stages.Add(new ExperimentStage($"pretrain {m.Name}", StageKinds.Pretrain, args, run, "model.safetensors", "checkpoint.ckpt", units));
        }

        string evaluate = CacheDir(config.EvaluateCache!);
        double evaluated = CountOf(config.EvaluateCache);
        IReadOnlyList<string> embedOptions = StepOptions.ToArguments(config.Embed, roots, $"{where}: embed");
        var embeddings = new List<string>();
        foreach (ExperimentStep m in config.Models)
        {
            string folder = Path.Combine(dir, "embeddings", m.Name);
            stages.Add(new ExperimentStage($"embed {m.Name}", StageKinds.Embed,
                ["embed", "--run", Path.Combine(dir, "runs", m.Name), "--cache", evaluate, "--out", folder, .. embedOptions], folder, "embedding.json", null, evaluated));
            embeddings.Add(folder);
        }

        if (config.Floor is { } floor)
        {
            string folder = Path.Combine(dir, "embeddings", FloorName);
            stages.Add(new ExperimentStage($"embed {FloorName}", StageKinds.Embed,
                ["embed", "--model", FloorName, "--preset", floor, "--seed", Seed(), "--cache", evaluate, "--out", folder, .. embedOptions], folder, "embedding.json", null, evaluated));
            embeddings.Add(folder);
        }

        foreach (ExperimentStep p in config.Probes)
        {
            string folder = Path.Combine(dir, "probes", p.Name);
            var args = new List<string> { "probe" };
            foreach (string e in embeddings)
            {
                args.Add("--embeddings");
                args.Add(e);
            }

            args.AddRange(["--out", folder]);
            args.AddRange(StepOptions.ToArguments(p.Options, roots, $"{where}: probe '{p.Name}'"));
            double fits = embeddings.Count * StepOptions.Number(p.Options, "seeds", 3) * (StepOptions.Value(p.Options, "fractions") ?? "0.01,0.1,1").Split(',').Length;
            stages.Add(new ExperimentStage($"probe {p.Name}", StageKinds.Probe, args, folder, "probe.json", null, fits * evaluated));
        }

        if (config.Reconstruct is { } r)
        {
            IReadOnlyList<string> options = StepOptions.ToArguments(r.Options, roots, $"{where}: reconstruct");
            double rebuilt = StepOptions.Number(r.Options, "limit", evaluated);
            foreach (string m in r.Models)
            {
                string folder = Path.Combine(dir, "reconstruct", m);
                stages.Add(new ExperimentStage($"reconstruct {m}", StageKinds.Reconstruct,
                    ["reconstruct", "--run", Path.Combine(dir, "runs", m), "--cache", evaluate, "--fit-cache", CacheDir(r.FitCache ?? config.EvaluateCache!), "--out", folder, .. options],
                    folder, "reconstruction.json", null, Math.Min(rebuilt, evaluated)));
            }
        }

        var report = new List<string> { "report" };
        foreach (ExperimentStage s in stages)
        {
            string? option = s.Kind switch { StageKinds.Probe => "--probe", StageKinds.Pretrain => "--runs", StageKinds.Reconstruct => "--reconstruction", _ => null };
            if (option is not null)
            {
                report.AddRange([option, s.Folder]);
            }
        }

        if (config.Probes.Count > 0)
        {
            string reportDir = Path.Combine(dir, "report");
            stages.Add(new ExperimentStage("report", StageKinds.Report, [.. report, "--out", reportDir], reportDir, "report.json", null, 1));
        }

        return new ExperimentPlan(config, dir, roots, stages);
    }

    /// <summary>The full path of an experiment's folder; a file there is refused with one line.</summary>
    public static string FolderFor(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string dir = Path.GetFullPath(directory);
        return File.Exists(dir) ? throw new LamaeException($"{dir}: a file, not a folder; choose another --out") : dir;
    }

    /// <summary>Refuses a plan whose data is not there: one line naming the first missing root, where to get it, and how to point at it.</summary>
    public void RequireRoots()
    {
        foreach ((string name, string path) in Roots)
        {
            if (!File.Exists(path) && !System.IO.Directory.Exists(path))
            {
                string from = Config.Downloads.TryGetValue(name, out string? d) ? $"; get it from {d}" : string.Empty;
                throw new LamaeException($"{Config.Source ?? Config.Name}: data root '{name}' ({path}) does not exist{from}; or pass --root {name}=DIR");
            }
        }
    }
}

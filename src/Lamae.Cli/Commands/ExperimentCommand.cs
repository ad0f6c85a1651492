using System.CommandLine;
using Lamae.Cli.Experiments;
using Lamae.Experiments;
using Lamae.Runtime;

namespace Lamae.Cli.Commands;

/// <summary>`lamae experiment CONFIG`: every stage of a config (caches, pretraining, embeddings, probes, reconstruction, report), resumable stage by stage.</summary>
public static class ExperimentCommand
{
    public static Command Create(CliOutput output)
    {
        var config = new Argument<string>("CONFIG") { Description = "An experiment config (JSON): configs/demo.json, configs/ptbxl-500.json, configs/ptbxl-full.json, configs/mimic-iv-ecg.json" };
        var outDir = new Option<string?>("--out") { Description = "The experiment's folder (default: runs/experiments/NAME); run the same command again to continue an interrupted one" };
        var roots = new Option<string[]>("--root") { Description = "Point a data root of the config elsewhere: NAME=DIR (repeatable)" };
        var plan = new Option<bool>("--plan") { Description = "Print the stages and their command lines, what is finished and what is left; run nothing" };
        var device = new Option<string?>("--device") { Description = "cpu or cuda, instead of the config's" };
        var command = new Command("experiment", "Run an experiment config stage by stage: simulate or read and cache the data, pretrain, embed, probe with the floor, rebuild leads, report")
        {
            config, outDir, roots, plan, device,
        };
        command.SetAction(parse =>
        {
            ExperimentConfig c = ExperimentConfig.Read(parse.GetValue(config)!);
            ExperimentPlan p = ExperimentPlan.Create(c, parse.GetValue(outDir) ?? Path.Combine("runs", "experiments", c.Name), ParseRoots(parse.GetValue(roots) ?? []),
                GivenSeed(parse), parse.GetValue(device));
            p.RequireRoots();
            StageValidation.Check(p);
            if (parse.GetValue(plan))
            {
                WritePlan(output, p, null);
                return ExitCodes.Success;
            }

            _ = TorchRuntime.ResolveDevice(parse.GetValue(device) ?? c.Device);   // a CPU build asked for cuda stops here, before any stage
            var settings = new ExperimentRunSettings { Threads = GlobalOptions.GetThreads(parse), RerunCommand = $"lamae experiment {parse.GetValue(config)} --out {p.Directory}" };
            return new ExperimentRunner(output, settings).Run(p);
        });
        return command;
    }

    /// <summary>The --seed value when the user gave one, else null (the config's seed stands).</summary>
    internal static int? GivenSeed(ParseResult parse) => parse.GetResult(GlobalOptions.Seed) is { Implicit: false } ? parse.GetValue(GlobalOptions.Seed) : null;

    /// <summary>The stages with their state and command lines, and (for the demo) their expected times.</summary>
    internal static void WritePlan(CliOutput output, ExperimentPlan plan, Func<ExperimentStage, double>? estimate)
    {
        output.Out.WriteLine($"{plan.Config.Name}: {plan.Config.Description}");
        if (plan.Config.Expected is { } e)
        {
            output.Out.WriteLine($"expected: {e.Time}, {e.Disk}{(e.Hardware is null ? string.Empty : $" ({e.Hardware})")}");
        }

        for (int i = 0; i < plan.Stages.Count; i++)
        {
            ExperimentStage s = plan.Stages[i];
            string state = s.IsFinished ? "finished" : s.CanResume ? "interrupted, resumes" : "to do";
            string time = estimate is null ? string.Empty : $", about {ExperimentRunner.Clock(TimeSpan.FromSeconds(estimate(s)))}";
            output.Out.WriteLine($"  [{i + 1}/{plan.Stages.Count}] {s.Id} ({state}{time}): {s.CommandLine}");
        }
    }

    private static Dictionary<string, string> ParseRoots(IEnumerable<string> pairs)
    {
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == pair.Length - 1)
            {
                throw new UsageException($"--root {pair}: give NAME=DIR, e.g. --root ptbxl=/data/ptb-xl-1.0.3");
            }

            roots[pair[..eq]] = pair[(eq + 1)..];
        }

        return roots;
    }
}

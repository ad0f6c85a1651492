using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lamae.Cli.Experiments;
using Lamae.Diagnostics;
using Lamae.Experiments;

namespace Lamae.Cli.Commands;

/// <summary>
/// `lamae demo`: the whole pipeline on simulated, ICD-10-labelled ECGs with nothing downloaded: the built-in
/// configs/demo.json, scaled to fit --minutes on this machine (<see cref="DemoBudget"/>), run stage by stage.
/// </summary>
public static class DemoCommand
{
    /// <summary>Where configs/demo.json is built into the program.</summary>
    public const string ConfigResource = "Lamae.Cli.demo.json";

    public static Command Create(CliOutput output)
    {
        var outDir = new Option<string>("--out") { Description = "The demo's folder; run the same command again to continue an interrupted demo", DefaultValueFactory = _ => Path.Combine("runs", "demo") };
        var minutes = new Option<double>("--minutes") { Description = "The time the demo may take on this machine; it picks its size to fit", DefaultValueFactory = _ => 15 };
        var plan = new Option<bool>("--plan") { Description = "Print the plan (sizes, stages, expected times) and run nothing" };
        var command = new Command("demo", "The whole pipeline on simulated ICD-10-labelled ECGs, nothing to download: simulate, cache, pretrain LAMAE and the baselines, embed, probe with the floor, rebuild leads, report")
        {
            outDir, minutes, plan,
        };
        command.SetAction(parse =>
        {
            double m = parse.GetValue(minutes);
            if (!(m > 0) || m > 24 * 60)
            {
                throw new UsageException($"--minutes {m.ToString(CultureInfo.InvariantCulture)}: give the budget in minutes, more than 0 and at most a day");
            }

            int threads = GlobalOptions.GetThreads(parse);
            ExperimentConfig demo = BuiltInConfig();
            string dir = ExperimentPlan.FolderFor(parse.GetValue(outDir)!);
            double? kept = ExperimentRecord.Read(dir)?.Budget is { } b && b.TryGetProperty("minutes", out JsonElement bm) && bm.GetDouble() == m && b.TryGetProperty("scale", out JsonElement bs) ? bs.GetDouble() : null;
            output.Error.WriteLine($"lamae demo: measuring this machine ({CpuModel.Name()}, {threads} threads) ...");
            double step = MachineSpeed.StepSeconds(threads);
            DemoBudget budget = DemoBudget.Plan(demo, m, step, dir, kept);
            ExperimentPlan p = ExperimentPlan.Create(budget.Config, dir, seed: ExperimentCommand.GivenSeed(parse));
            StageValidation.Check(p);
            WriteIntro(output, budget, p, kept is not null);
            if (parse.GetValue(plan))
            {
                ExperimentCommand.WritePlan(output, p, budget.Seconds);
                return ExitCodes.Success;
            }

            var settings = new ExperimentRunSettings
            {
                Threads = threads,
                Estimate = budget.Seconds,
                Budget = TimeSpan.FromMinutes(m),
                BudgetRecord = budget.Record(p),
                RerunCommand = $"lamae demo --out {dir}{(m == 15 ? string.Empty : " --minutes " + m.ToString(CultureInfo.InvariantCulture))}",
            };
            return new ExperimentRunner(output, settings).Run(p);
        });
        return command;
    }

    /// <summary>configs/demo.json as built into the program.</summary>
    public static ExperimentConfig BuiltInConfig()
    {
        using Stream stream = typeof(DemoCommand).Assembly.GetManifestResourceStream(ConfigResource)
            ?? throw new InvalidOperationException($"{ConfigResource} is not built into the program");
        using var reader = new StreamReader(stream);
        return ExperimentConfig.Parse(reader.ReadToEnd(), "configs/demo.json (built in)");
    }

    private static string Plural(string? n, string noun) => n == "1" ? $"1 {noun}" : $"{n} {noun}s";

    private static void WriteIntro(CliOutput output, DemoBudget budget, ExperimentPlan plan, bool resumed)
    {
        ExperimentConfig c = budget.Config;
        string I(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
        string caches = string.Join(" and ", c.Caches.Select(x => I($"{StepOptions.Value(x.Options, "count")} simulated ECGs ({x.Name})")));
        string models = string.Join(", ", c.Models.Select(x => $"{x.Name} ({Plural(StepOptions.Value(x.Options, "epochs"), "epoch")})"));
        ExperimentStep? probe = c.Probes.Count > 0 ? c.Probes[0] : null;
        output.Error.WriteLine(I($"lamae demo: a budget of {budget.Minutes:0.#} min; this machine's training step takes {budget.StepSeconds:F2} s, {budget.Factor:F2} x the reference ({DemoBudget.ReferenceCpu})"));
        output.Error.WriteLine(I($"lamae demo: plan at scale {budget.Scale:0.##}{(resumed ? " (kept from the interrupted demo)" : string.Empty)}: {caches}; pretrain {models}; embed them and the untrained floor"));
        if (probe is not null)
        {
            output.Error.WriteLine(I($"lamae demo: probe {StepOptions.Value(probe.Options, "labels")} by {StepOptions.Value(probe.Options, "protocol")} at label fractions {StepOptions.Value(probe.Options, "fractions")}, {Plural(StepOptions.Value(probe.Options, "seeds"), "seed")}; rebuild missing leads; write the report"));
        }

        double seconds = budget.Seconds(plan) - plan.Stages.Where(s => s.IsFinished).Sum(budget.Seconds);
        if (budget.Seconds(plan) > budget.Minutes * 60)
        {
            output.Error.WriteLine(I($"lamae demo: warning: on this machine even this plan needs more than {budget.Minutes:0.#} min; it runs anyway (give more --minutes for a larger, more telling demo)"));
        }

        output.Error.WriteLine(I($"lamae demo: expected about {ExperimentRunner.Clock(TimeSpan.FromSeconds(budget.Seconds(plan)))} in all on this machine{(plan.Stages.Any(s => s.IsFinished) ? $", about {ExperimentRunner.Clock(TimeSpan.FromSeconds(seconds))} of it left" : string.Empty)}"));
    }
}

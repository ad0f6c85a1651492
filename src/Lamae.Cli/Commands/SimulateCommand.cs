using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Lamae.Synthetic;
using Spectre.Console;

namespace Lamae.Cli.Commands;

/// <summary>`lamae simulate`: realistic 12-lead ECGs with ICD-10-labelled conditions, in the MIMIC-IV-ECG layout.</summary>
public static class SimulateCommand
{
    public static Command Create(CliOutput output)
    {
        var count = new Option<int>("--count") { Description = "Number of ECGs", DefaultValueFactory = _ => 1000 };
        var outDir = new Option<string>("--out") { Description = "Output folder (created)", Required = true };
        var rate = new Option<double>("--rate") { Description = "Sampling rate (Hz)", DefaultValueFactory = _ => 500 };
        var seconds = new Option<double>("--seconds") { Description = "Duration of each ECG (s)", DefaultValueFactory = _ => 10 };
        var layout = new Option<string>("--layout") { Description = "mimic (files/pNNNN/pNNNNNNNN/sNNNNNNNN/...) or flat", DefaultValueFactory = _ => "mimic" };
        layout.AcceptOnlyFromAmong("mimic", "flat");
        var conditions = new Option<string?>("--conditions")
        {
            Description = "Only these conditions, by ICD-10 code or name, each optionally with a prevalence: 'I48.91=0.3,I44.7,LVH=0.1' (default: all at their default prevalences)",
        };
        var noise = new Option<string>("--noise") { Description = "Recording noise: default (the difficulty's levels) or none", DefaultValueFactory = _ => "default" };
        noise.AcceptOnlyFromAmong("default", "none");
        var difficulty = new Option<string>("--difficulty") { Description = $"How plainly conditions show: {SimulationDifficulties.Help}", DefaultValueFactory = _ => "standard" };
        difficulty.AcceptOnlyFromAmong([.. SimulationDifficulties.Names]);
        var perSubject = new Option<double>("--ecgs-per-subject") { Description = "Mean ECGs per simulated patient", DefaultValueFactory = _ => 2.5 };
        var command = new Command("simulate", "Simulate realistic 12-lead ECGs with ICD-10-labelled conditions (WFDB + MIMIC-IV-ECG and Ext-ICD tables)")
        {
            count, outDir, rate, seconds, layout, conditions, noise, perSubject, difficulty,
        };
        command.SetAction(parse =>
        {
            int n = parse.GetValue(count);
            if (n < 1)
            {
                throw new UsageException($"--count {n}: must be at least 1");
            }

            double hz = parse.GetValue(rate), s = parse.GetValue(seconds);
            if (hz < 50 || hz > 10_000)
            {
                throw new UsageException($"--rate {hz}: must lie between 50 and 10000 Hz");
            }

            if (s <= 0 || s > 3600)
            {
                throw new UsageException($"--seconds {s}: must lie in (0, 3600]");
            }

            var options = new SimulationOptions(
                Count: n,
                Rate: hz,
                Seconds: s,
                Seed: parse.GetValue(GlobalOptions.Seed),
                Layout: parse.GetValue(layout) == "flat" ? SimulationLayout.Flat : SimulationLayout.Mimic,
                MeanEcgsPerSubject: Math.Max(1, parse.GetValue(perSubject)),
                Prevalence: ParsePrevalences(parse.GetValue(conditions)),
                Noise: parse.GetValue(noise) == "none" ? NoiseOptions.None : null,
                Difficulty: SimulationDifficulties.Parse(parse.GetValue(difficulty)) ?? SimulationDifficulty.Standard);
            string dir = parse.GetValue(outDir)!;
            int threads = GlobalOptions.GetThreads(parse);
            var clock = Stopwatch.StartNew();
            IReadOnlyDictionary<Condition, int> counts = ProgressRunner.Run(output, "simulating", n, "ECG",
                progress => SyntheticDataset.Write(options, dir, threads, progress));
            double secs = clock.Elapsed.TotalSeconds;
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(new { folder = dir, count = n, difficulty = SimulationDifficulties.Name(options.Difficulty), seconds = secs, ecgPerSecond = n / secs, conditions = counts.ToDictionary(c => c.Key.DottedCode(), c => c.Value) });
            }
            else
            {
                var table = new Table().Border(TableBorder.Simple).AddColumn("code").AddColumn("condition").AddColumn(new TableColumn("ECGs").RightAligned());
                foreach ((Condition c, int k) in counts)
                {
                    table.AddRow(c.DottedCode(), Markup.Escape(c.ShortName()), k.ToString(CultureInfo.InvariantCulture));
                }

                output.Console.Write(table);
                output.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {n} ECGs to {dir} in {secs:F1} s ({n / secs:F0} ECG/s); read them with the mimic dataset reader")));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<Condition, double>? ParsePrevalences(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "all")
        {
            return null;
        }

        var result = new Dictionary<Condition, double>();
        foreach (string item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
            Condition c = Conditions.Parse(parts[0])
                ?? throw new UsageException($"--conditions: unknown condition '{parts[0]}'; known: {string.Join(", ", Conditions.All.Select(x => x.DottedCode()))}");
            double p = c.DefaultPrevalence();
            if (parts.Length == 2 && (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out p) || p < 0 || p > 1))
            {
                throw new UsageException($"--conditions: prevalence '{parts[1]}' of {parts[0]} must be a number in [0, 1]");
            }

            result[c] = p;
        }

        return result;
    }
}

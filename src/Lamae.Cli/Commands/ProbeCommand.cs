using System.CommandLine;
using System.Globalization;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using Lamae.Runtime;
using Spectre.Console;

namespace Lamae.Cli.Commands;

/// <summary>`lamae probe`: linear probes on frozen embeddings, with patient-bootstrap intervals and paired comparisons.</summary>
public static class ProbeCommand
{
    public static Command Create(CliOutput output)
    {
        var embeddings = new Option<string[]>("--embeddings") { Description = "Folders of 'lamae embed', one per model (repeat the option); each is compared with the first", Required = true, AllowMultipleArgumentsPerToken = true };
        var labels = new Option<string>("--labels") { Description = $"The label set: {string.Join(", ", LabelSets.Names)}", Required = true };
        labels.AcceptOnlyFromAmong([.. LabelSets.Names]);
        var outDir = new Option<string>("--out") { Description = $"Folder for {ProbeFolder.ResultFileName} and {ProbeFolder.PredictionsFileName}", Required = true };
        var fractions = new Option<string>("--fractions") { Description = "Shares of the training patients with labels, nested per seed", DefaultValueFactory = _ => "0.01,0.1,1" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds of the patients' order (0 .. N-1)", DefaultValueFactory = _ => new ProbeOptions().Seeds };
        var protocol = new Option<string>("--protocol") { Description = "folds: the dataset's train / validation / test split; cv: cross-validation over the patient-wise folds (small labelled sets)", DefaultValueFactory = _ => "folds" };
        protocol.AcceptOnlyFromAmong("folds", "cv");
        var cvFolds = new Option<int>("--cv-folds") { Description = "Parts of the cv protocol", DefaultValueFactory = _ => new ProbeOptions().CvParts };
        var minPatients = new Option<int>("--min-patients") { Description = "Keep a code that at least this many training patients have", DefaultValueFactory = _ => new LabelSetOptions().MinPatients };
        var table = new Option<string?>("--label-table") { Description = "PTB-XL's scp_statements.csv (ptbxl-*), its ptbxl_database.csv (ptbxl-icd10) or CinC's weights.csv (default: the one in the cache's dataset folder)" };
        var tolerance = new Option<double>("--tolerance") { Description = "The solver's gradient tolerance in its preconditioned variables (about the distance to the optimum)", DefaultValueFactory = _ => new ProbeOptions().Selection.Solver.GradientTolerance };
        var finetuned = new Option<string[]>("--finetuned") { Description = "Folders of 'lamae finetune' to score beside the probes (repeat the option): grouped into rows by their name, one folder per fraction and seed", AllowMultipleArgumentsPerToken = true };
        var reference = new Option<string?>("--reference") { Description = "The row every paired difference is taken against, by name (an embeddings folder's or a fine-tune's; default: the first --embeddings)" };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples of the test patients", DefaultValueFactory = _ => new BootstrapOptions().Resamples };
        var command = new Command("probe", "Linear probes (L2 logistic regression per code) on frozen embeddings: AUROC and AUPRC with patient-bootstrap intervals, paired differences against the first")
        {
            embeddings, labels, outDir, fractions, seeds, protocol, cvFolds, minPatients, table, resamples, tolerance, finetuned, reference,
        };
        command.SetAction((parse, token) =>
        {
            // Each probe runs on one torch thread and --threads probes run at once: faster than threading the small
            // matrix products, and the output is the same for every --threads.
            int threads = GlobalOptions.GetThreads(parse);
            TorchRuntime.Configure(1);
            var options = new ProbeOptions
            {
                Fractions = ParseFractions(parse.GetValue(fractions)!),
                Seeds = parse.GetValue(seeds),
                Protocol = parse.GetValue(protocol) == "cv" ? ProbeProtocol.Cv : ProbeProtocol.Folds,
                CvParts = parse.GetValue(cvFolds),
                Workers = threads,
                Reference = parse.GetValue(reference),
                Bootstrap = new BootstrapOptions { Resamples = parse.GetValue(resamples) },
                Selection = new ProbeSelectionOptions { Solver = new LogisticSolverOptions { GradientTolerance = parse.GetValue(tolerance) } },
            };
            if (!(options.Selection.Solver.GradientTolerance > 0))
            {
                throw new UsageException("--tolerance must be positive");
            }

            if (options.Seeds < 1 || options.Bootstrap.Resamples < 1 || parse.GetValue(minPatients) < 1)
            {
                throw new UsageException("--seeds, --resamples and --min-patients must be at least 1");
            }

            ProbeFolder folder = ProbeFolder.Create(parse.GetValue(outDir)!);
            ProbeInputs inputs = ProbeInputs.Load(parse.GetValue(embeddings)!, parse.GetValue(labels)!,
                new LabelSetOptions { MinPatients = parse.GetValue(minPatients), Table = parse.GetValue(table) });
            inputs = inputs with { Finetuned = ProbeFinetuned.Load(parse.GetValue(finetuned) ?? [], options, inputs.Labels, inputs.Provenance) };
            ProbeResult result = ProgressRunner.Run<ProbeProgress, ProbeResult>(output, "probing", "probe",
                progress => ProbeRunner.Run(folder, inputs, options, progress, token),
                p => new ProgressState(p.Done, p.Total, p.Current));
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(new { folder = folder.Directory, seconds = result.Seconds, codes = result.Labels.Codes.Count, scores = result.Scores.Select(s => new { s.Embedding, s.Fraction, auroc = s.Auroc.Value, auprc = s.Auprc.Value }) });
            }
            else
            {
                WriteTables(output, result);
                output.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"lamae probe: {result.Embeddings.Count} embeddings x {result.Labels.Codes.Count} codes x {result.Protocol.Fractions.Count} fractions x {result.Protocol.Seeds.Count} seeds in {result.Seconds:F1} s -> {folder.Directory}"));
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    /// <summary>The probe's tables as `lamae probe` prints them: macro AUROC, then (unless <paramref name="aurocOnly"/>) macro AUPRC.</summary>
    internal static void WriteTables(CliOutput output, ProbeResult result, bool aurocOnly = false)
    {
        foreach ((BinaryMetric metric, string name) in new[] { (BinaryMetric.Auroc, "macro AUROC"), (BinaryMetric.AveragePrecision, "macro AUPRC") }.Take(aurocOnly ? 1 : 2))
        {
            var table = new Table().Border(TableBorder.Simple)
                .Title(Markup.Escape($"{name} over {result.Labels.Codes.Count} codes ({result.Labels.Name}), mean of {result.Protocol.Seeds.Count} seeds [95 % patient-bootstrap interval]"));
            foreach (string column in ProbeTable.Header(result))
            {
                table.AddColumn(Markup.Escape(column));
            }

            foreach (IReadOnlyList<string> row in ProbeTable.Rows(result, metric))
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            output.Console.Write(table);
        }
    }

    private static double[] ParseFractions(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f > 0 && f <= 1
            ? f
            : throw new UsageException($"--fractions: '{s}' is not a fraction in (0, 1]"))
        .ToArray() is { Length: > 0 } parsed ? parsed : throw new UsageException("--fractions: give at least one fraction");
}

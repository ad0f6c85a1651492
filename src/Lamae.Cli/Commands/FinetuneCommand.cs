using System.CommandLine;
using System.Globalization;
using Lamae.Cache;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using Lamae.FineTuning;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;

namespace Lamae.Cli.Commands;

/// <summary>`lamae finetune`: an encoder (pretrained, or from scratch) with a linear head on a cache's labels, early-stopped on validation.</summary>
public static class FinetuneCommand
{
    public static Command Create(CliOutput output)
    {
        var run = new Option<string?>("--run") { Description = "Run folder of 'lamae pretrain' whose encoder to fine-tune" };
        var scratch = new Option<bool>("--from-scratch") { Description = "Train --model's network from its initial weights instead (the supervised reference)" };
        var model = new Option<string>("--model") { Description = "With --from-scratch: " + ModelRegistry.PretrainableSummaries, DefaultValueFactory = _ => ModelNames.Lamae };
        model.AcceptOnlyFromAmong([.. ModelRegistry.PretrainableNames]);
        var preset = new Option<string>("--preset") { Description = "With --from-scratch: " + Presets.Summaries, DefaultValueFactory = _ => Presets.All[0].Name };
        preset.AcceptOnlyFromAmong([.. Presets.Names]);
        var set = new Option<string[]>("--set") { Description = "With --from-scratch: change a model setting by its config.json name (repeatable)" };
        var cache = new Option<string>("--cache") { Description = "A labelled cache from 'lamae cache build' at the model's rate", Required = true };
        var labels = new Option<string>("--labels") { Description = $"The label set: {string.Join(", ", LabelSets.Names)}", Required = true };
        labels.AcceptOnlyFromAmong([.. LabelSets.Names]);
        var outDir = new Option<string>("--out") { Description = $"Fine-tune folder: {FinetuneFolder.ConfigFileName}, {FinetuneFolder.MetricsFileName}, {FinetuneFolder.CurveFileName}, {FinetuneFolder.PredictionsFileName}, {FinetuneFolder.ResultFileName}", Required = true };
        var name = new Option<string?>("--name") { Description = "The row's name in tables (default: RUN-ft, or MODEL-scratch)" };
        var defaults = new FinetuneOptions();
        var fraction = new Option<double>("--fraction") { Description = "Share of the training patients with labels (the probe's nested fractions; --seed orders the patients)", DefaultValueFactory = _ => defaults.Fraction };
        var protocol = new Option<string>("--protocol") { Description = "folds: the dataset's train / validation / test split; cv: one network per part of a cross-validation over the patient-wise folds", DefaultValueFactory = _ => "folds" };
        protocol.AcceptOnlyFromAmong("folds", "cv");
        var cvFolds = new Option<int>("--cv-folds") { Description = "Parts of the cv protocol", DefaultValueFactory = _ => defaults.CvParts };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs per part (early stopping on validation macro AUROC usually ends sooner)", DefaultValueFactory = _ => defaults.Epochs };
        var patience = new Option<int>("--patience") { Description = "Epochs without a better validation macro AUROC before a part stops", DefaultValueFactory = _ => defaults.Patience };
        var batch = new Option<int>("--batch") { Description = "ECGs per step", DefaultValueFactory = _ => defaults.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate of the head (warm-up, then cosine). Hundreds of labelled ECGs need more steps than the defaults give: docs/evaluation.md's tables use --batch 16 --lr 5e-3 --epochs 10", DefaultValueFactory = _ => defaults.LearningRate };
        var encoderScale = new Option<double?>("--encoder-lr-scale") { Description = "The encoder's rate as a share of the head's (default 0.1 for a pretrained encoder, 1 from scratch)" };
        var minPatients = new Option<int>("--min-patients") { Description = "Keep a code that at least this many training patients have", DefaultValueFactory = _ => new LabelSetOptions().MinPatients };
        var table = new Option<string?>("--label-table") { Description = "PTB-XL's scp_statements.csv / ptbxl_database.csv or CinC's weights.csv (default: the one in the cache's dataset folder)" };
        var precision = PrecisionOption.Create("master weights and the optimiser");
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "Steps between checkpoints (also at every epoch end)", DefaultValueFactory = _ => defaults.CheckpointEvery };
        var resume = new Option<bool>("--resume") { Description = "Continue the fine-tune in --out exactly where its checkpoint stopped" };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var command = new Command("finetune", "Fine-tune a pretrained encoder with a linear multi-label head (or train it from scratch), early-stopped on validation macro AUROC; its test predictions join 'lamae probe --finetuned'")
        {
            run, scratch, model, preset, set, cache, labels, outDir, name, fraction, protocol, cvFolds, epochs, patience, batch, lr, encoderScale, minPatients, table, checkpointEvery, resume, device, precision,
        };
        command.SetAction((parse, token) =>
        {
            int threads = GlobalOptions.GetThreads(parse);
            TorchRuntime.Configure(threads);
            string? runDir = parse.GetValue(run);
            bool fromScratch = parse.GetValue(scratch);
            if ((runDir is null) == !fromScratch)
            {
                throw new UsageException("give either --run RUN (fine-tune a pretrained encoder) or --from-scratch --model M (train from initial weights), not both or neither");
            }

            FinetuneSource source;
            string rowName;
            if (runDir is not null)
            {
                RunFolder folder = RunFolder.Open(runDir);
                RunConfig pretrained = folder.ReadConfig();
                source = new FinetuneSource(folder.Directory, pretrained.Model);
                rowName = parse.GetValue(name) ?? Path.GetFileName(folder.Directory) + "-ft";
            }
            else
            {
                string m = parse.GetValue(model)!;
                Preset p = Presets.Get(parse.GetValue(preset)!);
                ModelConfig config = UsageException.Rethrow(() => ModelConfigOverrides.Apply(p.ModelFor(m), parse.GetValue(set) ?? []).Validate());
                source = new FinetuneSource(null, new ModelSpec(m, config));
                rowName = parse.GetValue(name) ?? m + "-scratch";
            }

            var options = new FinetuneOptions
            {
                Fraction = parse.GetValue(fraction), Seed = parse.GetValue(GlobalOptions.Seed),
                Protocol = parse.GetValue(protocol) == "cv" ? ProbeProtocol.Cv : ProbeProtocol.Folds, CvParts = parse.GetValue(cvFolds),
                Epochs = parse.GetValue(epochs), Patience = parse.GetValue(patience), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(lr),
                EncoderRateScale = parse.GetValue(encoderScale), CheckpointEvery = parse.GetValue(checkpointEvery),
            };
            UsageException.Rethrow(() => options.Validate());
            var control = new FinetuneControl { Resume = parse.GetValue(resume), Device = TorchRuntime.ResolveDevice(parse.GetValue(device)!), Cancel = token };
            options = options with { Precision = PrecisionChoice.Resolve(parse.GetValue(precision)!, control.Device!).Name };
            if (parse.GetValue(minPatients) < 1)
            {
                throw new UsageException("--min-patients must be at least 1");
            }

            using EcgCache data = EcgCache.Open(parse.GetValue(cache)!);
            FinetuneConfig finetune = FineTuner.Configure(rowName, source, parse.GetValue(labels)!,
                new LabelSetOptions { MinPatients = parse.GetValue(minPatients), Table = parse.GetValue(table) }, options, data);
            FinetuneFolder outFolder = FinetuneFolder.At(parse.GetValue(outDir)!);
            output.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"lamae finetune: {rowName} ({source.Kind}, {source.Model.Name} {source.Model.Config.Name}) on {finetune.Labels.Codes.Count} codes of {finetune.Labels.Name}, {ProbeRunner.Percent(options.Fraction)} labels, seed {options.Seed}, {options.Protocol.ToString().ToLowerInvariant()}, {threads} threads"));
            try
            {
                FinetuneResult result = ProgressRunner.Run<FinetuneProgress, FinetuneResult>(output, $"fine-tuning {rowName}", "step",
                    progress => FineTuner.Run(outFolder, finetune, data, control with { Progress = progress }),
                    p => new ProgressState((p.Part * p.PartSteps) + p.Step, p.Parts * Math.Max(1, p.PartSteps),
                        string.Create(CultureInfo.InvariantCulture, $"fine-tuning {rowName}, part {p.Part + 1}/{p.Parts}, epoch {p.Epoch + 1}, loss {p.Loss:F3}{(p.ValidationAuroc is { } a ? $", best validation AUROC {a:F3}" : string.Empty)}")));
                if (parse.GetValue(GlobalOptions.Json))
                {
                    output.WriteJson(new { folder = outFolder.Directory, name = rowName, kind = source.Kind, test_auroc = result.TestAuroc, test_records = result.TestRecords,
                        parts = result.Parts.Select(p => new { p.Part, p.Epochs, best_epoch = p.BestEpoch, best_validation_auroc = p.BestValidationAuroc, stopped_early = p.StoppedEarly }) });
                }
                else
                {
                    foreach (FinetunePart p in result.Parts)
                    {
                        output.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {p.Part}: {p.TrainPatients} patients ({p.TrainRecords} records), {p.Epochs} epochs{(p.StoppedEarly ? " (stopped early)" : string.Empty)}, best epoch {p.BestEpoch + 1}, validation AUROC {Format(p.BestValidationAuroc)}{(p.Constant.Count > 0 ? $", {p.Constant.Count} codes constant" : string.Empty)}"));
                    }

                    output.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"lamae finetune: test macro AUROC {Format(result.TestAuroc)} over {result.TestRecords} records in {result.Seconds:F0} s -> {outFolder.Directory} (intervals: lamae probe ... --finetuned {outFolder.Directory})"));
                }

                return Task.FromResult(ExitCodes.Success);
            }
            catch (OperationCanceledException)
            {
                output.Error.WriteLine($"lamae: interrupted; run the same command with --resume to continue from the last checkpoint");
                return Task.FromResult(ExitCodes.Failure);
            }
        });
        return command;
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "undefined";
}

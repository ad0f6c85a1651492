using System.CommandLine;
using System.Globalization;
using Lamae.Cache;
using Lamae.Common;
using Lamae.Models;
using Lamae.Reporting;
using Lamae.Runtime;
using Lamae.Training;
using Spectre.Console;
using TorchSharp;

namespace Lamae.Cli.Commands;

/// <summary>`lamae pretrain`: self-supervised pretraining of LAMAE or a baseline on a cache.</summary>
public static class PretrainCommand
{
    public static Command Create(CliOutput output)
    {
        var model = new Option<string>("--model") { Description = "lamae, mae-lead, mae-joint or contrastive", DefaultValueFactory = _ => "lamae" };
        model.AcceptOnlyFromAmong("lamae", "mae-lead", "mae-joint", "contrastive");
        var preset = new Option<string>("--preset") { Description = "tiny (100 Hz, CPU) or base (250 Hz, GPU)", DefaultValueFactory = _ => "tiny" };
        preset.AcceptOnlyFromAmong("tiny", "base");
        var cache = new Option<string>("--cache") { Description = "A cache from 'lamae cache build' at the preset's rate", Required = true };
        var outDir = new Option<string>("--out") { Description = "Run folder: config.json, metrics.jsonl, checkpoint.ckpt, model.safetensors", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training split", DefaultValueFactory = _ => 5 };
        var batch = new Option<int?>("--batch") { Description = "ECGs per step (default: the preset's, tiny 4 (contrastive 64), base 256)" };
        var lr = new Option<double?>("--lr") { Description = "Base learning rate per 256 ECGs, scaled by batch / 256 (default: the preset's, tiny 0.096 (contrastive 0.006), base 1.5e-4)" };
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "Steps between checkpoints (also at every epoch end)", DefaultValueFactory = _ => 200 };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out exactly where its checkpoint stopped" };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var maskRatio = new Option<double?>("--mask-ratio") { Description = "Patches hidden per lead (default: the preset's, 0.75)" };
        var leadDropout = new Option<double?>("--lead-dropout") { Description = "Chance that an ECG hides whole leads (LAMAE; default: the preset's, 0.5)" };
        var command = new Command("pretrain", "Pretrain LAMAE or a baseline on a cache (masked-patch or contrastive loss)")
        {
            model, preset, cache, outDir, epochs, batch, lr, checkpointEvery, resume, device, maskRatio, leadDropout,
        };
        command.SetAction((parse, token) =>
        {
            int threads = GlobalOptions.GetThreads(parse);
            TorchRuntime.Configure(threads);
            torch.Device target = TorchRuntime.ResolveDevice(parse.GetValue(device)!);  // one line when this build has no CUDA

            ModelConfig config = ModelConfig.Preset(parse.GetValue(preset)!);
            PretrainOptions defaults = PretrainOptions.ForPreset(config, parse.GetValue(model)!);
            int e = parse.GetValue(epochs), b = parse.GetValue(batch) ?? defaults.BatchSize;
            double baseLr = parse.GetValue(lr) ?? defaults.BaseLearningRate;
            if (e < 1 || b < 1)
            {
                throw new UsageException($"--epochs {e} / --batch {b}: both must be at least 1");
            }

            if (!(baseLr > 0) || double.IsInfinity(baseLr))
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--lr {baseLr}: the learning rate must be a positive number"));
            }

            if (parse.GetValue(maskRatio) is { } ratio)
            {
                config = config with { MaskRatio = ratio };
            }

            if (parse.GetValue(leadDropout) is { } p)
            {
                config = config with { LeadDropout = config.LeadDropout with { Probability = p } };
            }

            try
            {
                config.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            using EcgCache data = EcgCache.Open(parse.GetValue(cache)!);
            if (Math.Abs(data.Manifest.Settings.Rate - config.SampleRate) > 1e-6 || data.Samples < config.Samples)
            {
                throw new LamaeException(string.Create(CultureInfo.InvariantCulture,
                    $"{data.Directory}: cached at {data.Manifest.Settings.Rate} Hz x {data.Samples} samples; preset {config.Name} needs {config.SampleRate} Hz x at least {config.Samples}: build a cache with --rate {config.SampleRate} --seconds {config.Samples / (double)config.SampleRate}"));
            }

            PretrainOptions options = defaults with
            {
                Epochs = e,
                BatchSize = b,
                BaseLearningRate = baseLr,
                CropSamples = config.Samples,
                Seed = parse.GetValue(GlobalOptions.Seed),
                CheckpointEvery = parse.GetValue(checkpointEvery),
            };
            string name = parse.GetValue(model)!;
            string run = parse.GetValue(outDir)!;
            torch.random.manual_seed(options.Seed);   // initial weights draw from torch's global generator
            using IPretrainModel net = ModelFactory.Create(name, config);
            long parameters = ((torch.nn.Module)net).parameters().Sum(p => p.numel());
            output.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"lamae pretrain: {name} ({config.Name}), {parameters:N0} parameters, {data.Records.Count} cached ECGs, {threads} threads"));
            IReadOnlyList<EpochMetrics> metrics;
            try
            {
                metrics = Train(output, net, name, config, data, options, run, parse.GetValue(resume), target, token);
            }
            catch (OperationCanceledException)
            {
                output.Error.WriteLine($"lamae: interrupted; run 'lamae pretrain ... --out {run} --resume' to continue from the last checkpoint");
                return Task.FromResult(ExitCodes.Failure);
            }

            SafeTensors.Save(Path.Combine(run, "model.safetensors"), (torch.nn.Module)net,
                new Dictionary<string, string> { ["model"] = name, ["preset"] = config.Name, ["lamae"] = typeof(PretrainCommand).Assembly.GetName().Version?.ToString() ?? "?" });
            using var validation = new EcgBatchLoader(data, RecordFilter.Split(Io.Datasets.DatasetSplit.Validation), LoaderOptions.Evaluation(b, config.Samples));
            double? meanLevel = Pretrainer.MeanPredictorLevel(validation);
            IReadOnlyList<EpochMetrics> history = MetricsLog.Read(Path.Combine(run, "metrics.jsonl"));  // resumed runs: every epoch so far
            TrainingCurvePlot.SavePng(history, meanLevel, $"{name} ({config.Name}) on {Path.GetFileName(Path.TrimEndingDirectorySeparator(data.Directory))}", Path.Combine(run, "curve.png"));
            Report(output, parse.GetValue(GlobalOptions.Json), run, metrics, meanLevel);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static IReadOnlyList<EpochMetrics> Train(CliOutput output, IPretrainModel net, string name, ModelConfig config, EcgCache data,
        PretrainOptions options, string run, bool resume, torch.Device device, CancellationToken token)
    {
        var modelConfig = new { name, config };
        if (!output.Interactive)
        {
            return Pretrainer.Run(net, modelConfig, data, options, run, resume, null, device, token);
        }

        IReadOnlyList<EpochMetrics> result = [];
        output.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                ProgressTask task = ctx.AddTask($"pretraining {name}", maxValue: 1);
                var progress = new SynchronousProgress<PretrainProgress>(p =>
                {
                    task.MaxValue = p.TotalSteps;
                    task.Value = p.Step;
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {p.Epoch + 1} loss {p.Loss:F4} {p.EcgPerSecond:F0} ECG/s");
                });
                result = Pretrainer.Run(net, modelConfig, data, options, run, resume, progress, device, token);
            });
        return result;
    }

    private static void Report(CliOutput output, bool json, string run, IReadOnlyList<EpochMetrics> metrics, double? meanLevel)
    {
        if (json)
        {
            output.WriteJson(new { run, epochs = metrics, meanPredictorValidationLoss = meanLevel });
            return;
        }

        var t = new Table().Border(TableBorder.Simple).AddColumn("epoch").AddColumn("step").AddColumn("train loss").AddColumn("val loss").AddColumn("val masked").AddColumn("val dropped").AddColumn("lr").AddColumn("ECG/s").AddColumn("s");
        foreach (EpochMetrics m in metrics)
        {
            string F(double? v, string f) => v is { } x ? x.ToString(f, CultureInfo.InvariantCulture) : "-";
            t.AddRow(F(m.Epoch + 1, "F0"), F(m.Step, "F0"), F(m.TrainLoss, "F4"), F(m.ValidationLoss, "F4"), F(m.ValidationMaskedLoss, "F4"), F(m.ValidationDroppedLoss, "F4"), F(m.LearningRate, "G3"), F(m.EcgPerSecond, "F1"), F(m.Seconds, "F1"));
        }

        output.Console.Write(t);
        if (meanLevel is { } level)
        {
            output.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"predicting the mean gives a validation loss of {level:F4} (the level to get well below); val masked: hidden patches of visible leads, val dropped: leads hidden whole")));
        }

        output.Console.MarkupLine(Markup.Escape($"run folder {run}: config.json, metrics.jsonl, curve.png, checkpoint.ckpt, model.safetensors"));
    }

}

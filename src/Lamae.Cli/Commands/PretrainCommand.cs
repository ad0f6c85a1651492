using System.CommandLine;
using Lamae.Cache;
using Lamae.Common;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;

namespace Lamae.Cli.Commands;

/// <summary>`lamae pretrain`: parses options, renders progress and results; the library owns the run (<see cref="Pretrainer"/>).</summary>
public static class PretrainCommand
{
    public static Command Create(CliOutput output)
    {
        var model = new Option<string>("--model") { Description = ModelRegistry.PretrainableSummaries, DefaultValueFactory = _ => ModelNames.Lamae };
        model.AcceptOnlyFromAmong([.. ModelRegistry.PretrainableNames]);
        var preset = new Option<string>("--preset") { Description = Presets.Summaries, DefaultValueFactory = _ => Presets.All[0].Name };
        preset.AcceptOnlyFromAmong([.. Presets.Names]);
        var cache = new Option<string>("--cache") { Description = "A cache from 'lamae cache build' at the preset's rate", Required = true };
        var outDir = new Option<string>("--out") { Description = "Run folder: " + string.Join(", ", RunFolder.FileNames), Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training split", DefaultValueFactory = _ => new PretrainOptions().Epochs };
        var batch = new Option<int?>("--batch") { Description = $"ECGs per step (default: the preset's, {Presets.DescribeTraining(o => o.BatchSize)})" };
        var microBatch = new Option<int?>("--micro-batch") { Description = $"ECGs per forward and backward pass (default: {PretrainOptions.DefaultMicroBatch} on the CPU, the whole batch on CUDA). Each step's gradient is still the whole batch's, accumulated micro-batch by micro-batch, so memory follows this, not --batch; the contrastive model encodes once more to do it" };
        var lr = new Option<double?>("--lr") { Description = $"Base learning rate per 256 ECGs, scaled by batch / 256 (default: the preset's, {Presets.DescribeTraining(o => o.BaseLearningRate)})" };
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "Steps between checkpoints (also at every epoch end)", DefaultValueFactory = _ => new PretrainOptions().CheckpointEvery };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out exactly where its checkpoint stopped" };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var maskRatio = new Option<double?>("--mask-ratio") { Description = $"Patches hidden per lead (default: the preset's, {Presets.Describe(p => p.Model.MaskRatio)})" };
        var leadDropout = new Option<double?>("--lead-dropout") { Description = $"Chance that an ECG hides whole leads (LAMAE; default: the preset's, {Presets.Describe(p => p.Model.LeadDropout.Probability)})" };
        var precision = PrecisionOption.Create("master weights and the optimiser");
        var set = new Option<string[]>("--set") { Description = "Change a model setting by its config.json name, for example --set latent_rounds=1 --set shared_patch_mask=0.5 (repeatable; applied before --mask-ratio and --lead-dropout)" };
        var command = new Command("pretrain", "Pretrain LAMAE or a baseline on a cache (masked-patch or contrastive loss)")
        {
            model, preset, cache, outDir, epochs, batch, microBatch, lr, checkpointEvery, resume, device, maskRatio, leadDropout, set, precision,
        };
        command.SetAction((parse, token) =>
        {
            int threads = GlobalOptions.GetThreads(parse);
            TorchRuntime.Configure(threads);
            var control = new RunControl { Resume = parse.GetValue(resume), Device = TorchRuntime.ResolveDevice(parse.GetValue(device)!), Cancel = token };
            (Preset p, string name) = (Presets.Get(parse.GetValue(preset)!), parse.GetValue(model)!);
            PretrainOptions defaults = p.TrainingFor(name);
            ModelConfig config = UsageException.Rethrow(() => ModelConfigOverrides.Apply(p.ModelFor(name), parse.GetValue(set) ?? []));
            config = config with { MaskRatio = parse.GetValue(maskRatio) ?? config.MaskRatio, LeadDropout = config.LeadDropout with { Probability = parse.GetValue(leadDropout) ?? config.LeadDropout.Probability } };
            PretrainOptions options = defaults with
            {
                Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch) ?? defaults.BatchSize, MicroBatch = parse.GetValue(microBatch), BaseLearningRate = parse.GetValue(lr) ?? defaults.BaseLearningRate,
                Seed = parse.GetValue(GlobalOptions.Seed), CheckpointEvery = parse.GetValue(checkpointEvery),
            };
            PrecisionChoice chosen = PrecisionChoice.Resolve(parse.GetValue(precision)!, control.Device!);
            options = options with { Precision = chosen.Name };
            UsageException.Rethrow(() => { config.Validate(); options.Validate(); });
            using EcgCache data = EcgCache.Open(parse.GetValue(cache)!);
            RunFolder run = RunFolder.At(parse.GetValue(outDir)!);
            try
            {
                PretrainResult result = ProgressRunner.Run<PretrainProgress, PretrainResult>(output, $"pretraining {name}", "step",
                    progress => Pretrainer.Run(run, new ModelSpec(name, config), options, data, control with { Started = s => { PretrainReport.Started(output, s, data, threads); output.Error.WriteLine($"lamae pretrain: precision {chosen.Name} ({chosen.Reason})"); }, Progress = progress }),
                    PretrainReport.Progress);
                PretrainReport.Write(output, parse.GetValue(GlobalOptions.Json), result);
                return Task.FromResult(ExitCodes.Success);
            }
            catch (OperationCanceledException)
            {
                output.Error.WriteLine($"lamae: interrupted; run 'lamae pretrain ... --out {run.Directory} --resume' to continue from the last checkpoint");
                return Task.FromResult(ExitCodes.Failure);
            }
        });
        return command;
    }
}

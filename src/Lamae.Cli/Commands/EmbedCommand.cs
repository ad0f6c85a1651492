using System.CommandLine;
using System.Globalization;
using Lamae.Cache;
using Lamae.Core;
using Lamae.Evaluation;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;
using TorchSharp;

namespace Lamae.Cli.Commands;

/// <summary>`lamae embed`: a frozen model's representation of every record of a cache, as files NumPy opens.</summary>
public static class EmbedCommand
{
    public static Command Create(CliOutput output)
    {
        var run = new Option<string?>("--run") { Description = "A run folder of 'lamae pretrain' (its model is rebuilt from the folder alone)" };
        var model = new Option<string?>("--model") { Description = $"Instead of --run: '{ModelNames.Random}', the untrained floor, built with --seed" };
        model.AcceptOnlyFromAmong(ModelNames.Random);
        var preset = new Option<string>("--preset") { Description = $"With --model {ModelNames.Random}: {Presets.Summaries}", DefaultValueFactory = _ => Presets.All[0].Name };
        preset.AcceptOnlyFromAmong([.. Presets.Names]);
        var cache = new Option<string>("--cache") { Description = "A cache from 'lamae cache build' at the model's rate", Required = true };
        var outDir = new Option<string>("--out") { Description = $"Folder for {EmbeddingFolder.EmbeddingsFileName}, {EmbeddingFolder.RecordsFileName}, {EmbeddingFolder.LeadWeightsFileName} (LAMAE) and {EmbeddingFolder.ProvenanceFileName}", Required = true };
        var leads = new Option<string?>("--leads") { Description = "Only these leads, e.g. I,II,V2 (default: every lead a record has)" };
        var readout = new Option<string>("--readout") { Description = "LAMAE: its representation: latents+pooled (the default), pooled, latents, leads (each lead's summary, 12 x D), or encoder (the lead encoder before the latent rounds, as mae-lead reads its own)", DefaultValueFactory = _ => "latents+pooled" };
        readout.AcceptOnlyFromAmong([.. Enum.GetValues<LamaeReadout>().Select(Embedder.ReadoutName)]);
        var batch = new Option<int>("--batch") { Description = "ECGs per forward pass", DefaultValueFactory = _ => new EmbedOptions().BatchSize };
        var precision = PrecisionOption.Create("the embeddings");
        var command = new Command("embed", "Embed every record of a cache with a pretrained (or the untrained) model: no masking, deterministic")
        {
            run, model, preset, cache, outDir, leads, batch, readout, precision,
        };
        command.SetAction((parse, token) =>
        {
            int threads = GlobalOptions.GetThreads(parse);
            TorchRuntime.Configure(threads);
            var options = new EmbedOptions
            {
                Leads = ParseLeads(parse.GetValue(leads)),
                BatchSize = parse.GetValue(batch),
                Readout = Enum.GetValues<LamaeReadout>().Single(r => Embedder.ReadoutName(r) == parse.GetValue(readout)),
                Precision = PrecisionChoice.Resolve(parse.GetValue(precision)!, TorchSharp.torch.CPU).Name,
            };
            UsageException.Rethrow(() => options.Validate());
            EmbeddingFolder folder = EmbeddingFolder.Create(parse.GetValue(outDir)!);
            (PretrainModel net, ModelSpec spec, string? from) = Load(parse.GetValue(run), parse.GetValue(model), Presets.Get(parse.GetValue(preset)!), parse.GetValue(GlobalOptions.Seed));
            using (net)
            {
                using EcgCache data = EcgCache.Open(parse.GetValue(cache)!);
                EmbedResult result = ProgressRunner.Run(output, $"embedding with {spec.Name}", data.Records.Count, "ECG",
                    progress => Embedder.Run(net, spec, from, data, folder, options, progress, token));
                EmbeddingProvenance p = result.Provenance;
                if (parse.GetValue(GlobalOptions.Json))
                {
                    output.WriteJson(new { folder = folder.Directory, records = p.Records, dim = p.Dim, windows = p.Windows, leads = p.Leads, skipped = p.Skipped.Count, ecgPerSecond = result.EcgPerSecond });
                }
                else
                {
                    output.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"lamae embed: {spec.Name} ({spec.Config.Name}), {p.Records} records x {p.Dim} values, {p.Windows} window(s) each, {p.Skipped.Count} skipped, {result.EcgPerSecond:F1} ECG/s on {threads} threads -> {folder.Directory}"));
                }
            }

            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static (PretrainModel Model, ModelSpec Spec, string? Run) Load(string? run, string? model, Preset preset, int seed)
    {
        if ((run is null) == (model is null))
        {
            throw new UsageException($"give either --run RUN (a trained model) or --model {ModelNames.Random} (the untrained floor)");
        }

        if (run is not null)
        {
            RunFolder folder = RunFolder.Open(run);
            return (folder.LoadModel(), folder.ReadConfig().Model, folder.Directory);
        }

        torch.random.manual_seed(seed);
        var spec = new ModelSpec(ModelNames.Random, preset.Model);
        return (spec.Create(), spec, null);
    }

    private static Lead[]? ParseLeads(string? text) => text?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(name => Leads.Parse(name) ?? throw new UsageException($"--leads: '{name}' is not one of the 12 leads ({string.Join(", ", Leads.Names)})"))
        .Distinct().ToArray();
}

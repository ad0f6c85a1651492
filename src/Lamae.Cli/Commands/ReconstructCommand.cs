using System.CommandLine;
using System.Globalization;
using Lamae.Cache;
using Lamae.Models;
using Lamae.Reconstruction;
using Lamae.Runtime;
using Lamae.Training;

namespace Lamae.Cli.Commands;

/// <summary>`lamae reconstruct`: missing leads rebuilt by a pretrained decoder from kept leads, beside the linear baseline.</summary>
public static class ReconstructCommand
{
    public static Command Create(CliOutput output)
    {
        var run = new Option<string>("--run") { Description = $"A run folder of 'lamae pretrain' whose model has a decoder ({string.Join(", ", Reconstructor.CapableModels)})", Required = true };
        var keep = new Option<string[]>("--keep")
        {
            Description = "Leads to keep, e.g. I,II,V2; the others are rebuilt. Several sets: repeat the option or separate them with ';' (--keep 'I;I,II;I,II,V2;II,V5'); one table per set",
            Required = true,
        };
        var record = new Option<string?>("--record") { Description = "Instead of --cache: one WFDB record (header path), preprocessed with the default pipeline at the model's rate and length; needs --fit-cache" };
        var cache = new Option<string?>("--cache") { Description = "A cache from 'lamae cache build' at the model's rate: the records to rebuild (the centre window of the model's length)" };
        var fitCache = new Option<string?>("--fit-cache") { Description = "The cache whose training split the linear baseline is fitted on (default: --cache; required with --record)" };
        var split = new Option<string?>("--split") { Description = "Records of --cache to rebuild: eval (validation + test, the default when the linear map is fitted on --cache), test, validation, train or all (the default with another --fit-cache)" };
        split.AcceptOnlyFromAmong([.. Enum.GetValues<ReconstructionSplit>().Select(Reconstructor.Name)]);
        var limit = new Option<int?>("--limit") { Description = "At most this many records (cache order)" };
        var examples = new Option<int>("--examples") { Description = "Records per kept set printed over the true signal (PNG) and written as WFDB", DefaultValueFactory = _ => new ReconstructionOptions().Examples };
        var batch = new Option<int>("--batch") { Description = "ECGs per forward pass", DefaultValueFactory = _ => new ReconstructionOptions().BatchSize };
        var outDir = new Option<string>("--out")
        {
            Description = $"Folder for {ReconstructionFolder.ReportFileName}, {ReconstructionFolder.PerRecordFileName}, {ReconstructionFolder.SummaryFileName} and {ReconstructionFolder.ExamplesFolderName}/",
            Required = true,
        };
        var command = new Command("reconstruct",
            "Rebuild missing leads from kept ones with a pretrained decoder, beside a linear least-squares map fitted on training ECGs; " +
            "per-lead Pearson r and RMSE against the truth, limb and precordial leads apart. Signals are compared standardised " +
            "(each lead z-scored per record, as cached): RMSE in units of the lead's SD, r scale-free")
        {
            run, keep, record, cache, fitCache, split, limit, examples, batch, outDir,
        };
        command.SetAction((parse, token) =>
        {
            int threads = GlobalOptions.GetThreads(parse);
            TorchRuntime.Configure(threads);
            string? recordPath = parse.GetValue(record), cachePath = parse.GetValue(cache), fitPath = parse.GetValue(fitCache) ?? cachePath;
            if ((recordPath is null) == (cachePath is null))
            {
                throw new UsageException("give either --cache CACHE (records to rebuild) or --record RECORD (one WFDB record)");
            }

            if (fitPath is null)
            {
                throw new UsageException("--record needs --fit-cache CACHE: the cache whose training split the linear baseline is fitted on");
            }

            string? splitName = parse.GetValue(split);
            var options = new ReconstructionOptions
            {
                Sets = UsageException.Rethrow(() => KeptLeadSet.Parse(parse.GetValue(keep) ?? [])),
                Split = splitName is null ? null : Enum.GetValues<ReconstructionSplit>().Single(s => Reconstructor.Name(s) == splitName),
                Limit = parse.GetValue(limit),
                Examples = parse.GetValue(examples),
                BatchSize = parse.GetValue(batch),
            };
            UsageException.Rethrow(() => options.Validate());
            ReconstructionFolder folder = ReconstructionFolder.Create(parse.GetValue(outDir)!);
            RunFolder runFolder = RunFolder.Open(parse.GetValue(run)!);
            ModelSpec spec = runFolder.ReadConfig().Model;
            using PretrainModel net = runFolder.LoadModel();
            using EcgCache fit = EcgCache.Open(fitPath);
            ReconstructionResult result;
            if (cachePath is not null)
            {
                EcgCache? other = fitPath == cachePath ? null : EcgCache.Open(cachePath);
                using (other)
                {
                    EcgCache evaluated = other ?? fit;
                    result = Progress(output, spec, p => Reconstructor.FromCache(net, runFolder.Directory, spec, evaluated, fit, folder, options, p, token));
                }
            }
            else
            {
                result = Progress(output, spec, p => Reconstructor.FromRecord(net, runFolder.Directory, spec, recordPath!, fit, folder, options, p, token));
            }

            Print(output, parse.GetValue(GlobalOptions.Json), result, threads);
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }

    private static ReconstructionResult Progress(CliOutput output, ModelSpec spec, Func<IProgress<ReconstructionProgress>, ReconstructionResult> work) =>
        ProgressRunner.Run<ReconstructionProgress, ReconstructionResult>(output, $"reconstructing with {spec.Name}", "ECG", work,
            p => new ProgressState(p.Done, p.Total, p.Stage));

    private static void Print(CliOutput output, bool json, ReconstructionResult result, int threads)
    {
        ReconstructionReport report = result.Report;
        if (json)
        {
            output.WriteJson(new
            {
                folder = result.Folder.Directory,
                model = report.Model.Name,
                records = report.Records,
                sets = report.Sets.Select(s => new
                {
                    kept = s.Kept,
                    records = s.Records,
                    methods = s.Methods.Select(m => new { method = m.Method, limb = m.Limb, precordial = m.Precordial, leads = m.Leads }),
                }),
            });
            return;
        }

        foreach (KeptSetReport set in report.Sets)
        {
            output.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kept {set.Kept} ({set.Records} ECGs):"));
            foreach (MethodReport m in set.Methods)
            {
                output.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {m.Method,-10} limb r {F(m.Limb?.MeanR)} RMSE {F(m.Limb?.MeanRmse)}   precordial r {F(m.Precordial?.MeanR)} RMSE {F(m.Precordial?.MeanRmse)}"));
            }
        }

        output.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lamae reconstruct: {report.Model.Name}, {report.Records} ECG(s), {report.Sets.Count} kept set(s), {report.Examples.Count} example(s) on {threads} threads -> {result.Folder.Directory}"));
    }

    private static string F(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";
}

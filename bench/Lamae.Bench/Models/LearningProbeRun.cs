using System.Diagnostics;
using System.Globalization;
using Lamae.Cache;
using Lamae.Io.Datasets;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Bench.Models;

/// <summary>
/// `Lamae.Bench probe CACHE MODEL STEPS BATCH PEAK_LR [key=value ...]`: how fast a model leaves the predict-the-mean
/// plateau. Trains on the cache's training split at a constant rate after a 50-step warm-up (no cosine, so runs of
/// different lengths compare) and prints, every 100 steps, the mean training loss and, for LAMAE, its split into
/// hidden patches of visible leads ("masked") and leads hidden whole ("dropped"). Overrides of the tiny preset:
/// K (latents), P (patch size), dropout (lead-dropout probability), mask, decoderDepth, gain (patch-embedding
/// gain), period (sin-cos max period), mimetic (0/1), normpix (0/1), anchors (0/1: latent time anchors),
/// locality (latent ALiBi slope), rounds (latent rounds); every=N to report every N steps instead of
/// 100, and seed=S to draw the weights, the data order and the masks from other seeds (default 0).
/// The tuning in docs/pretraining.md was measured with it (every=25).
/// </summary>
internal static class LearningProbeRun
{
    private const int WarmupSteps = 50;
    private const int DefaultReportEvery = 100;

    public static int Run(string[] args)
    {
        if (args.Length < 6)
        {
            Console.Error.WriteLine("usage: probe CACHE MODEL STEPS BATCH PEAK_LR [key=value ...]");
            return 1;
        }

        string dir = args[1], name = args[2];
        int steps = int.Parse(args[3], CultureInfo.InvariantCulture), batch = int.Parse(args[4], CultureInfo.InvariantCulture);
        double peak = double.Parse(args[5], CultureInfo.InvariantCulture);
        string[] settings = args.Skip(6).ToArray();
        int Setting(string key, int fallback) => settings.Where(a => a.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(a => int.Parse(a[(key.Length + 1)..], CultureInfo.InvariantCulture)).DefaultIfEmpty(fallback).Last();
        int reportEvery = Setting("every", DefaultReportEvery), seed = Setting("seed", 0);
        ModelConfig config = settings.Where(a => !a.StartsWith("every=", StringComparison.Ordinal) && !a.StartsWith("seed=", StringComparison.Ordinal))
            .Aggregate(ModelConfig.Tiny, Override).Validate();
        TorchRuntime.Configure(2);
        random.manual_seed(seed);
        using PretrainModel model = ModelRegistry.Create(name, config);
        // The engine's own step (TrainingLoop); a cosine whose floor is the peak keeps the rate constant after warm-up.
        var schedule = new LearningRateSchedule
        {
            BaseLearningRate = peak * LearningRateSchedule.ReferenceBatchSize / batch, BatchSize = batch,
            WarmupSteps = WarmupSteps, TotalSteps = steps,
        };
        schedule = schedule with { MinLearningRate = schedule.PeakLearningRate };  // exactly the peak, whatever the rounding
        var loop = new TrainingLoop(model, ParameterGroups.Split(model).CreateAdamW(peak), schedule);
        using EcgCache cache = EcgCache.Open(dir);
        using var loader = new EcgBatchLoader(cache, RecordFilter.Split(DatasetSplit.Train), new LoaderOptions { BatchSize = batch, Seed = seed + 1, DropLast = true });
        using var masks = new Generator((ulong)seed + 5);
        Console.WriteLine($"{name}: {config}");
        double loss = 0;
        var parts = default(ReconstructionParts);
        var clock = Stopwatch.StartNew();
        for (int epoch = 0; loop.Step < steps; epoch++)
        {
            foreach (EcgBatch b in loader.Epoch(epoch))
            {
                using (b)
                {
                    loss += loop.RunStep(() =>
                    {
                        PretrainOutput output = model.pretrain_forward(b.Signals, LamaeModel.CanonicalLeadIds(b.Count), b.LeadMask, masks);
                        parts += ReconstructionParts.Of(output);
                        return output.Loss;
                    }).Loss;
                }

                long step = loop.Step;

                if (step % reportEvery == 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"step {step,5}  loss {loss / reportEvery:F4}  masked {parts.MaskedLoss ?? double.NaN:F4}  dropped {parts.DroppedLoss ?? double.NaN:F4}  {step * (double)batch / clock.Elapsed.TotalSeconds:F1} ECG/s"));
                    loss = 0;
                    parts = default;
                }

                if (loop.Step >= steps)
                {
                    break;
                }
            }
        }

        return 0;
    }

    private static ModelConfig Override(ModelConfig c, string setting)
    {
        string[] kv = setting.Split('=', 2);
        string v = kv.Length == 2 ? kv[1] : throw new ArgumentException($"expected key=value, got '{setting}'");
        double d = double.Parse(v, CultureInfo.InvariantCulture);
        return kv[0] switch
        {
            "K" => c with { Latents = (int)d },
            "P" => c with { PatchSize = (int)d },
            "dropout" => c with { LeadDropout = c.LeadDropout with { Probability = d } },
            "mask" => c with { MaskRatio = d },
            "decoderDepth" => c with { DecoderDepth = (int)d },
            "gain" => c with { PatchEmbedGain = d },
            "period" => c with { PositionMaxPeriod = d },
            "mimetic" => c with { MimeticAttention = d != 0 },
            "anchors" => c with { LatentTimeAnchors = d != 0 },
            "locality" => c with { LatentLocality = d },
            "rounds" => c with { LatentRounds = (int)d },
            "normpix" => c with { NormPixLoss = d != 0 },
            _ => throw new ArgumentException($"unknown override '{kv[0]}'"),
        };
    }
}

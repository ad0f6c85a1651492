using Lamae.Cache;
using Lamae.Common;
using Lamae.Models;
using Lamae.Signal;
using Lamae.Tests.Support;
using Lamae.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Tests.Training;

/// <summary>A small masked patch autoencoder standing in for LAMAE, so the driver is tested without the real models.</summary>
internal sealed class PatchAutoencoder : PretrainModel
{
    private const int Patch = 25;
    private readonly Linear encode;
    private readonly LayerNorm norm;
    private readonly Linear decode;

    public PatchAutoencoder(long seed, ModelConfig? config = null) : base("PatchAutoencoder", config ?? ModelConfig.Tiny)
    {
        encode = nn.Linear(Patch, 32);
        norm = nn.LayerNorm(32);
        decode = nn.Linear(32, Patch);
        RegisterComponents();

        // Weights from a local generator: torch's global one is shared with tests running in parallel.
        using var generator = new Generator((ulong)seed);
        using (no_grad())
        {
            foreach (Parameter p in parameters())
            {
                p.copy_(torch.randn(p.shape, generator: generator) * 0.2);
            }
        }
    }

    public Tensor forward(Tensor patches) => decode.forward(nn.functional.gelu(norm.forward(encode.forward(patches))));

    public override int EmbeddingDim => 32;

    public override Tensor embed(Tensor signals, Tensor leadIds, Tensor present) => throw new NotSupportedException("the stand-in only pretrains");

    // Hide half the patches, reconstruct them from a shared per-patch code of the visible neighbour average.
    public override PretrainOutput pretrain_forward(Tensor signals, Tensor leadIds, Tensor leadMask, Generator? generator)
    {
        long b = signals.shape[0], l = signals.shape[1], t = signals.shape[2];
        Tensor patches = signals.reshape(b, l, t / Patch, Patch);                          // [B, L, N, P]
        Tensor hidden = torch.rand(new long[] { b, l, t / Patch }, generator: generator) < 0.5;   // [B, L, N]
        Tensor visible = patches * (~hidden).unsqueeze(-1);
        Tensor context = visible.mean(new long[] { 2 }, keepdim: true).expand_as(patches);   // [B, L, N, P]
        Tensor prediction = forward(context);
        Tensor weight = (hidden & leadMask.unsqueeze(-1)).to(ScalarType.Float32);          // masked patches of present leads
        Tensor error = (prediction - patches).pow(2).mean(new long[] { -1 });
        return new PretrainOutput((error * weight).sum() / weight.sum().clamp_min(1));
    }
}

public sealed class PretrainerTests : IDisposable
{
    private static readonly Lazy<string> SharedCache = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), $"lamae-pretrain-cache-{Environment.ProcessId}");
        var settings = new CacheBuildSettings("synthetic", string.Empty, 100, 10, PreprocessingPipeline.Default(100, 10).ToJson(),
            SyntheticCount: 60, SyntheticRate: 250, Seed: 2);
        CacheBuilder.Build(settings, dir, threads: 2);
        return dir;
    });

    private readonly TempFolder runs = Fixtures.Temp();

    public void Dispose() => runs.Dispose();

    private static readonly PretrainOptions Options = new() { Epochs = 2, BatchSize = 8, BaseLearningRate = 0.3, CheckpointEvery = 3, Seed = 5 };

    private static PretrainResult Train(PretrainModel model, EcgCache cache, PretrainOptions options, string run, bool resume = false,
        IProgress<PretrainProgress>? progress = null, CancellationToken cancel = default) =>
        Pretrainer.Run(RunFolder.At(run), model, new ModelSpec(model is LamaeModel ? ModelNames.Lamae : "stand-in", model.Config), options, cache,
            new RunControl { Resume = resume, Progress = progress, Cancel = cancel });

    [Fact]
    public void A_run_writes_config_metrics_per_epoch_and_a_checkpoint()
    {
        using EcgCache cache = EcgCache.Open(SharedCache.Value);
        using var model = new PatchAutoencoder(1);
        string run = Path.Combine(runs.Path, "a");

        IReadOnlyList<EpochMetrics> metrics = Train(model, cache, Options, run).Epochs;

        Assert.Equal(2, metrics.Count);
        Assert.All(metrics, m => Assert.True(double.IsFinite(m.TrainLoss) && m.ValidationLoss is > 0 && m.EcgPerSecond > 0));
        Assert.Equal(2, MetricsLog.Read(Path.Combine(run, "metrics.jsonl")).Count);
        Assert.True(File.Exists(Path.Combine(run, "config.json")));
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.ckpt")));
        Assert.Contains("stand-in", File.ReadAllText(Path.Combine(run, "config.json")), StringComparison.Ordinal);
        Assert.True(metrics[1].TrainLoss < metrics[0].TrainLoss, "training lowers the loss");
    }

    [Fact]
    public void A_resume_with_other_model_settings_is_refused_by_name_and_keeps_the_runs_config()
    {
        using EcgCache cache = EcgCache.Open(SharedCache.Value);
        string run = Path.Combine(runs.Path, "other");
        using (var a = new PatchAutoencoder(1, ModelConfig.Tiny with { Latents = 8 }))
        {
            Train(a, cache, Options, run);
        }

        string configFile = Path.Combine(run, "config.json"), recorded = File.ReadAllText(configFile);
        using var b = new PatchAutoencoder(1, ModelConfig.Tiny with { Latents = 40, LatentLocality = 2 });
        var error = Assert.Throws<LamaeException>(() => Train(b, cache, Options with { Epochs = 3 }, run, resume: true));
        Assert.Contains("checkpoint.ckpt", error.Message, StringComparison.Ordinal);
        Assert.Contains("config.latent_locality 4 -> 2, config.latents 8 -> 40", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mask_ratio", error.Message, StringComparison.Ordinal);
        Assert.Equal(recorded, File.ReadAllText(configFile));
    }

    [Fact]
    public void Interrupted_then_resumed_equals_an_uninterrupted_run_bitwise()
    {
        using EcgCache cache = EcgCache.Open(SharedCache.Value);
        string straight = Path.Combine(runs.Path, "straight"), resumed = Path.Combine(runs.Path, "resumed");
        using var a = new PatchAutoencoder(1);
        Train(a, cache, Options, straight);

        using (var b = new PatchAutoencoder(1))
        using (var cts = new CancellationTokenSource())
        {
            // Stop mid-epoch 0, after the checkpoint at step 3 and a step past it.
            var stop = new SynchronousProgress<PretrainProgress>(p =>
            {
                if (p.Step == 4)
                {
                    cts.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => Train(b, cache, Options, resumed, progress: stop, cancel: cts.Token));
        }

        using var c = new PatchAutoencoder(99);   // other initial weights: all must come from the checkpoint
        Train(c, cache, Options, resumed, resume: true);

        var sa = a.state_dict();
        var sc = c.state_dict();
        Assert.All(sa, kv => Assert.True(TrainingTestHelpers.BitwiseEqual(kv.Value, sc[kv.Key]), kv.Key));
        Assert.Equal(MetricsLog.Read(Path.Combine(straight, "metrics.jsonl"))[^1].Step, MetricsLog.Read(Path.Combine(resumed, "metrics.jsonl"))[^1].Step);

        // The epoch interrupted at step 4 reports the mean over all its steps, not only those after the resume.
        Assert.Equal(MetricsLog.Read(Path.Combine(straight, "metrics.jsonl")).Select(m => m.TrainLoss), MetricsLog.Read(Path.Combine(resumed, "metrics.jsonl")).Select(m => m.TrainLoss));
    }

    [Fact]
    public void LAMAE_resumes_mid_epoch_bitwise_with_crops_masks_and_lead_dropout()
    {
        using EcgCache cache = EcgCache.Open(SharedCache.Value);
        ModelConfig micro = new()
        {
            Name = "micro", SampleRate = 100, Samples = 200, PatchSize = 20, Dim = 32, Heads = 2, LeadDepth = 1,
            LatentRounds = 1, Latents = 4, DecoderDim = 32, DecoderHeads = 2, DecoderDepth = 1,
        };
        PretrainOptions options = Options with { CropSamples = 200, BaseLearningRate = 1e-2 };
        string straight = Path.Combine(runs.Path, "ls"), resumed = Path.Combine(runs.Path, "lr");
        torch.random.manual_seed(7);
        using var a = new LamaeModel(micro);
        var initial = a.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        Train(a, cache, options, straight);

        using (var b = new LamaeModel(micro))
        using (var cts = new CancellationTokenSource())
        {
            using (no_grad())
            {
                foreach ((string name, Tensor t) in b.state_dict())
                {
                    t.copy_(initial[name]);   // the same start as the straight run
                }
            }

            var stop = new SynchronousProgress<PretrainProgress>(p =>
            {
                if (p.Step == 8)
                {
                    cts.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() => Train(b, cache, options, resumed, progress: stop, cancel: cts.Token));
        }

        using var c = new LamaeModel(micro);   // its own initial weights: everything must come from the checkpoint
        Train(c, cache, options, resumed, resume: true);

        var sc = c.state_dict();
        Assert.All(a.state_dict(), kv => Assert.True(TrainingTestHelpers.BitwiseEqual(kv.Value, sc[kv.Key]), kv.Key));
    }

    [Fact]
    public void An_existing_run_needs_resume_and_resume_needs_a_checkpoint()
    {
        using EcgCache cache = EcgCache.Open(SharedCache.Value);
        using var model = new PatchAutoencoder(1);
        string run = Path.Combine(runs.Path, "r");

        Assert.Contains("no checkpoint.ckpt", Assert.Throws<LamaeException>(() => Train(model, cache, Options, run, resume: true)).Message, StringComparison.Ordinal);
        Train(model, cache, Options with { Epochs = 1 }, run);
        Assert.Contains("--resume", Assert.Throws<LamaeException>(() => Train(model, cache, Options, run)).Message, StringComparison.Ordinal);
    }
}

using System.Globalization;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Bench.Models;

/// <summary>
/// `Lamae.Bench memory [batch=64] [precision=fp32|bf16]`: where a tiny LAMAE training step's memory goes. Runs the forward
/// pass stage by stage (encoder, latent attention, each decoder block, loss) and prints the heap bytes in use after each
/// (glibc mallinfo2: live allocations, mostly tensors kept for the backward pass) and the milliseconds it took, then
/// after backward. passes=N repeats it (the first pass warms up).
/// </summary>
internal static class MemoryProfileRun
{
    public static int Run(string[] args)
    {
        var options = new BenchArgs(args.Skip(1));
        int batch = options.Int("batch", 64);
        string precision = options.Get("precision", PrecisionChoice.Fp32);
        TorchRuntime.Configure(2);
        ModelConfig config = Presets.Tiny.ModelFor(ModelNames.Lamae) with
        {
            DecoderDepth = options.Int("decoder_depth", 3),
        };
        random.manual_seed(0);
        using var model = new LamaeModel(config);
        using Tensor signals = randn(batch, 12, config.Samples);
        using Tensor leadIds = LamaeModel.CanonicalLeadIds(batch);
        using Tensor present = ones(batch, 12, dtype: ScalarType.Bool);
        using var generator = new Generator(5);
        using IDisposable mixed = MixedPrecision.Use(PrecisionChoice.ComputeOf(precision));
        var optimizer = ParameterGroups.Split(model).CreateAdamW(1e-4);
        var parameters = model.parameters().ToList();
        int passes = options.Int("passes", 2);
        for (int pass = 0; pass < passes; pass++)
        {
            using var scope = NewDisposeScope();
            double start = InUse();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            void Report(string stage)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stage,-28} {(InUse() - start) / 1e6,8:F0} MB {clock.Elapsed.TotalMilliseconds,8:F0} ms"));
                clock.Restart();
            }

            Console.WriteLine($"pass {pass}, batch {batch}, {precision}: heap in use above the start");
            MaskSample mask = model.mask(present, generator);
            EncoderOutput encoded = model.forward_encoder(signals, leadIds, mask);
            Report("encoder and latent rounds");
            Tensor pred = model.forward_decoder(encoded, leadIds, mask);
            Report("decoder");
            Tensor loss = model.forward_loss(signals, pred, mask.LossMask);
            Report("loss");
            loss.backward();
            Report("after backward");
            GradientClipping.ClipByNorm(parameters, 1.0);
            Report("gradient clipping");
            optimizer.step();
            Report("AdamW step");
            optimizer.zero_grad();
            Report("zero_grad");
        }

        return 0;
    }

    private static double InUse() => HeapSampler.InUseNow;
}

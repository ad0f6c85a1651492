using System.Diagnostics;
using Lamae.Models;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

public class LamaeModelTests(ITestOutputHelper output)
{
    private static readonly ModelConfig Micro = MicroConfig.Value;

    /// <summary>Smooth random ECG-like signals [B, 12, T]: a few sines per lead, so patches are predictable from context.</summary>
    private static Tensor Signals(long batch, int samples, Generator gen)
    {
        Tensor t = arange(samples, dtype: ScalarType.Float32).div(samples);  // [T]
        Tensor freq = rand([batch, 12, 3, 1], generator: gen).mul(6).add(1);
        Tensor phase = rand([batch, 12, 3, 1], generator: gen).mul(2 * Math.PI);
        Tensor amp = randn([batch, 12, 3, 1], generator: gen);
        return amp.mul(freq.mul(t).mul(2 * Math.PI).add(phase).sin()).sum(2);  // [B, 12, T]
    }

    private static LamaeModel NewModel(ModelConfig config, long seed = 0)
    {
        manual_seed(seed);
        return new LamaeModel(config);
    }

    [Fact]
    public void Shapes_through_every_method()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(1);
        using LamaeModel model = NewModel(Micro);
        Tensor x = Signals(3, Micro.Samples, gen);
        Tensor present = ones(3, 12, dtype: ScalarType.Bool);
        present[1, 4] = false;
        Tensor ids = LamaeModel.CanonicalLeadIds(3);

        Assert.Equal(new long[] { 3, 12, 10, 20 }, model.patchify(x).shape);
        MaskSample m = model.mask(present, gen);
        Assert.Equal(new long[] { 3, 12, 2 }, m.IdsKeep.shape);
        EncoderOutput enc = model.forward_encoder(x, ids, m);
        Assert.Equal(new long[] { 3, 12, 2, 32 }, enc.Tokens.shape);
        Assert.Equal(new long[] { 3, 4, 32 }, enc.Latents.shape);
        Assert.Equal(new long[] { 3, 12 }, enc.LeadWeights.shape);
        Assert.True(allclose(enc.LeadWeights.sum(1), ones(3), atol: 1e-6));
        Assert.Equal(0f, enc.LeadWeights.masked_select(m.LeadVisible.logical_not()).abs().sum().item<float>());
        Tensor pred = model.forward_decoder(enc, ids, m);
        Assert.Equal(new long[] { 3, 12, 10, 20 }, pred.shape);
        Assert.Empty(model.forward_loss(x, pred, m.LossMask).shape);

        LamaeOutput o = model.forward(x, present, gen);
        Assert.True(float.IsFinite(o.Loss.item<float>()));
        Representation r = model.represent(x, present);
        Assert.Equal(new long[] { 3, 64 }, r.Embedding.shape);
        Assert.Equal(new long[] { 3, 12 }, r.LeadWeights.shape);
    }

    [Fact]
    public void Loss_counts_masked_patches_of_present_leads_only()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(2);
        using LamaeModel model = NewModel(Micro);
        Tensor x = Signals(2, Micro.Samples, gen);
        Tensor present = ones(2, 12, dtype: ScalarType.Bool);
        present[0, 3] = false;
        LamaeOutput o;
        using (no_grad())
        {
            o = model.forward(x, present, gen);
        }

        Tensor lossMask = o.Mask.LossMask;  // [B, L, N]
        float loss = o.Loss.item<float>();

        // Independent reading: mean over the loss-mask patches of the per-patch MSE.
        float[] p = o.Pred.contiguous().data<float>().ToArray(), t = x.contiguous().data<float>().ToArray();
        bool[] lm = lossMask.contiguous().data<bool>().ToArray();
        double sum = 0;
        int count = 0;
        for (int i = 0; i < lm.Length; i++)
        {
            if (!lm[i])
            {
                continue;
            }

            double se = 0;
            for (int s = 0; s < 20; s++)
            {
                se += Math.Pow(p[(i * 20) + s] - t[(i * 20) + s], 2);
            }

            sum += se / 20;
            count++;
        }

        Assert.Equal(sum / count, loss, 4);

        // Changing the target on every patch outside the loss mask (visible patches, absent lead) changes nothing.
        Tensor outside = lossMask.logical_not().unsqueeze(-1).expand(2, 12, 10, 20).reshape(2, 12, 200);
        Tensor changedOutside = x + outside.to(ScalarType.Float32).mul(randn(2, 12, 200));
        Assert.Equal(loss, model.forward_loss(changedOutside, o.Pred, lossMask).item<float>(), 6);

        // Changing one masked patch changes the loss.
        Tensor idx = lossMask.nonzero()[0];
        long b = idx[0].item<long>(), l = idx[1].item<long>(), n = idx[2].item<long>();
        Tensor changedMasked = x.clone();
        changedMasked[b, l, TensorIndex.Slice(n * 20, (n + 1) * 20)] += 1.0f;
        Assert.NotEqual(loss, model.forward_loss(changedMasked, o.Pred, lossMask).item<float>());
    }

    [Fact]
    public void Norm_pix_loss_normalises_each_target_patch()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(3);
        using LamaeModel model = NewModel(Micro with { NormPixLoss = true });
        Tensor x = Signals(2, Micro.Samples, gen);
        Tensor lossMask = ones(2, 12, 10, dtype: ScalarType.Bool);
        Tensor patches = x.view(2, 12, 10, 20);
        Tensor normalised = (patches - patches.mean([-1], keepdim: true)) / (patches.var(-1, keepdim: true) + 1e-6).sqrt();
        // A prediction equal to the normalised target has zero loss; scaling the input leaves that unchanged.
        Assert.True(model.forward_loss(x, normalised, lossMask).item<float>() < 1e-8);
        Assert.True(model.forward_loss(x.mul(5).add(3), normalised, lossMask).item<float>() < 1e-6);
    }

    [Theory]
    [InlineData(LamaeReadout.LatentsAndPooled)]
    [InlineData(LamaeReadout.Pooled)]
    [InlineData(LamaeReadout.Latents)]
    [InlineData(LamaeReadout.Leads)]
    [InlineData(LamaeReadout.Encoder)]
    public void Representation_is_invariant_to_lead_order_with_identities_kept(LamaeReadout readout)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(4);
        using LamaeModel model = NewModel(Micro);
        model.eval();
        Tensor x = Signals(4, Micro.Samples, gen);
        Tensor present = rand([4, 12], generator: gen).lt(0.7);
        present[.., 2] = true;
        x = x.mul(present.unsqueeze(-1));  // absent leads are zeros
        Tensor ids = LamaeModel.CanonicalLeadIds(4);

        using var noGrad = no_grad();
        Representation reference = model.represent(x, ids, present, readout);
        Assert.Equal([4, model.EmbeddingDimOf(readout)], reference.Embedding.shape);
        for (int trial = 0; trial < 5; trial++)
        {
            Tensor perm = randperm(12, generator: gen);
            Representation shuffled = model.represent(x.index_select(1, perm), ids.index_select(1, perm), present.index_select(1, perm), readout);
            float diff = (shuffled.Embedding - reference.Embedding).abs().max().item<float>();
            Assert.True(diff < 1e-5, $"max difference {diff}");
            Assert.True(allclose(shuffled.LeadWeights, reference.LeadWeights.index_select(1, perm), atol: 1e-6));
        }
    }

    [Fact]
    public void Every_lead_subset_size_from_1_to_12_works_and_absent_leads_do_not_leak()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(5);
        using LamaeModel model = NewModel(Micro);
        Tensor x = Signals(2, Micro.Samples, gen);
        for (int k = 1; k <= 12; k++)
        {
            using var step = NewDisposeScope();
            Tensor leads = randperm(12, generator: gen).narrow(0, 0, k);  // [k] canonical ids
            Tensor present = zeros(2, 12, dtype: ScalarType.Bool).index_fill(1, leads, true);
            Tensor zeroed = x.mul(present.unsqueeze(-1));

            LamaeOutput o = model.forward(zeroed, present, gen);
            Assert.True(float.IsFinite(o.Loss.item<float>()), $"{k} leads: loss {o.Loss.item<float>()}");
            Assert.True(o.Mask.LeadVisible.sum(1).ge(1).all().item<bool>());

            using var noGrad = no_grad();
            Representation r = model.represent(zeroed, present);
            Assert.True(r.Embedding.isfinite().all().item<bool>());

            // Noise on absent leads changes nothing; neither does passing only the k present leads with their ids.
            Tensor noisy = zeroed + present.logical_not().unsqueeze(-1).to(ScalarType.Float32).mul(randn(2, 12, Micro.Samples, generator: gen));
            Assert.True(allclose(model.represent(noisy, present).Embedding, r.Embedding, atol: 1e-5));
            Tensor compact = model.represent(x.index_select(1, leads), leads.unsqueeze(0).expand(2, k), ones(2, k, dtype: ScalarType.Bool)).Embedding;
            Assert.True((compact - r.Embedding).abs().max().item<float>() < 1e-5, $"{k} leads: compact input differs");
        }
    }

    [Fact]
    public void Weights_round_trip_through_save_and_load_and_seeds_repeat_the_loss()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(8);
        using LamaeModel a = NewModel(Micro, seed: 1);
        using LamaeModel b = NewModel(Micro, seed: 2);
        Tensor x = Signals(2, Micro.Samples, gen);
        Tensor present = ones(2, 12, dtype: ScalarType.Bool);
        using var noGrad = no_grad();
        Assert.False(allclose(a.represent(x, present).Embedding, b.represent(x, present).Embedding));

        string path = Path.Combine(Path.GetTempPath(), $"lamae-micro-{Guid.NewGuid():N}.bin");
        try
        {
            a.save(path);
            b.load(path);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.True(a.represent(x, present).Embedding.eq(b.represent(x, present).Embedding).all().item<bool>());

        float Loss(LamaeModel m)
        {
            using var g = new Generator(42);
            return m.forward(x, present, g).Loss.item<float>();
        }

        Assert.Equal(Loss(a), Loss(b));
    }

    [Fact]
    public void Gradients_reach_every_parameter()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(6);
        using LamaeModel model = NewModel(Micro);
        Tensor x = Signals(4, Micro.Samples, gen);
        model.forward(x, ones(4, 12, dtype: ScalarType.Bool), gen).Loss.backward();
        string[] missing = model.named_parameters()
            .Where(p => p.parameter.grad is null || p.parameter.grad.abs().sum().item<float>() == 0f)
            .Select(p => p.name).ToArray();
        Assert.Empty(missing);
    }

    [Fact]
    public void Parameter_names_are_pytorch_like_and_tiny_is_counted()
    {
        using LamaeModel model = NewModel(ModelConfig.Tiny);
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        foreach (string expected in new[]
        {
            "encoder.patch_embed.proj.weight", "encoder.lead_embed.weight", "encoder.blocks.0.norm1.weight",
            "encoder.blocks.0.attn.qkv.weight", "encoder.blocks.2.mlp.fc1.weight", "latent.latents",
            "latent.rounds.1.latent_cross.attn.kv.weight", "latent.rounds.0.latent_self.attn.proj.bias",
            "latent.rounds.0.lead_cross.norm_context.weight", "norm.weight", "lead_score.fc2.weight",
            "decoder_embed.weight", "mask_token", "decoder_lead_embed.weight", "decoder_blocks.0.cross_attn.q.weight",
            "decoder_blocks.0.norm3.bias", "decoder_norm.weight", "decoder_pred.bias",
        })
        {
            Assert.Contains(expected, names);
        }

        var buffers = model.named_buffers().Select(b => b.name).ToHashSet();
        Assert.Contains("encoder.pos_embed", buffers);
        Assert.Contains("decoder_pos_embed", buffers);

        long count = model.parameters().Sum(p => p.numel());
        Assert.Equal(ExpectedParameters(ModelConfig.Tiny), count);
        output.WriteLine($"LAMAE tiny: {count:N0} parameters; base: {ExpectedParameters(ModelConfig.Base):N0} (analytic)");
    }

    /// <summary>The parameter count written out from the architecture, block by block.</summary>
    internal static long ExpectedParameters(ModelConfig c)
    {
        long d = c.Dim, dd = c.DecoderDim, p = c.PatchSize, h = Math.Max(1, (long)(c.Dim * c.LeadScoreRatio));
        long Block(long w) => (2 * 2 * w) + (3 * w * w) + (3 * w) + (w * w) + w + (4 * w * w) + (4 * w) + (4 * w * w) + w;
        long Cross(long w) => (3 * 2 * w) + (w * w) + w + (2 * w * w) + (2 * w) + (w * w) + w + (4 * w * w) + (4 * w) + (4 * w * w) + w;
        long Mlp(long w) => (4 * w * w) + (4 * w) + (4 * w * w) + w;
        long Decoder(long w) => Block(w) + Cross(w) - Mlp(w) - (2 * w);  // norm1, attn, norm2, norm_context, cross_attn, norm3, one mlp
        long encoder = (p * d) + d + (12 * d) + (c.LeadDepth * Block(d));
        long latent = (c.Latents * d) + (c.LatentRounds * ((2 * Cross(d)) + Block(d)));
        long heads = (2 * d) + (d * h) + h + h;  // norm, lead_score (fc2 without bias)
        long decoder = (d * dd) + dd + dd + (12 * dd) + (c.DecoderDepth * Decoder(dd)) + (2 * dd) + (dd * p) + p;
        return encoder + latent + heads + decoder;
    }

    [Fact]
    public void A_micro_model_overfits_one_batch()
    {
        using var gen = new Generator(7);
        // Memorising masked patches needs decoder capacity: a wider micro model, two ECGs.
        ModelConfig config = Micro with { Dim = 64, DecoderDim = 64, LeadDropout = LeadDropoutSchedule.None };
        using LamaeModel model = NewModel(config);
        using var data = NewDisposeScope();
        Tensor x = Signals(2, config.Samples, gen).MoveToOuterDisposeScope();
        Tensor present = ones(2, 12, dtype: ScalarType.Bool).MoveToOuterDisposeScope();
        data.Dispose();
        var opt = optim.AdamW(model.parameters(), lr: 5e-3, weight_decay: 0.0);
        float first = 0, last = 0;
        var clock = Stopwatch.StartNew();
        const int Steps = 800;
        for (int step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            using var maskGen = new Generator(123);  // the same mask every step: one batch, one mask
            opt.zero_grad();
            Tensor loss = model.forward(x, present, maskGen).Loss;
            loss.backward();
            opt.step();
            last = loss.item<float>();
            if (step % 200 == 0)
            {
                output.WriteLine($"step {step}: {last:G4}");
            }

            if (step == 0)
            {
                first = last;
            }

            if (first / last > 100)
            {
                output.WriteLine($"100x reached at step {step}");
                break;
            }
        }

        output.WriteLine($"loss {first:G4} -> {last:G4} ({first / last:F0}x), at most {Steps} steps, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(first / last > 100, $"loss fell only {first / last:F1}x: {first} -> {last}");
        x.Dispose();
        present.Dispose();
    }

    /// <summary>
    /// ECGs from a 3-D source through a fixed lead field, like real leads (each lead standardised): [B, 12, T]. A lead
    /// hidden whole is then a function of the other leads at the same moments, and of nothing else.
    /// </summary>
    private static Tensor ProjectedSignals(long batch, int samples, Tensor leadField, Generator gen)
    {
        Tensor t = arange(samples, dtype: ScalarType.Float32).div(samples);  // [T]
        Tensor freq = rand([batch, 3, 1], generator: gen).mul(6).add(1);
        Tensor phase = rand([batch, 3, 1], generator: gen).mul(2 * Math.PI);
        Tensor source = freq.mul(t).mul(2 * Math.PI).add(phase).sin();  // [B, 3, T]
        Tensor leads = matmul(leadField, source);  // [12, 3] x [B, 3, T] -> [B, 12, T]
        return leads.sub(leads.mean([2], keepdim: true)).div(leads.std(2, keepdim: true).add(1e-6));
    }

    [Fact]
    public void Leads_hidden_whole_are_rebuilt_from_the_other_leads_through_the_latents()
    {
        // The cross-lead route under test: tokens -> time-anchored latents -> decoder. Every ECG drops leads.
        // Half of each lead hidden and up to half the leads dropped, so most moments are seen on a few leads.
        ModelConfig config = Micro with { Latents = Micro.NumPatches, MaskRatio = 0.5, LeadDropout = new LeadDropoutSchedule(1.0, 0.5) };
        using var gen = new Generator(11);
        using var masks = new Generator(12);
        using LamaeModel model = NewModel(config, seed: 5);
        using var fieldScope = NewDisposeScope();
        Tensor leadField = randn([12, 3], generator: gen).MoveToOuterDisposeScope();
        Tensor heldOut = ProjectedSignals(32, config.Samples, leadField, gen).MoveToOuterDisposeScope();
        fieldScope.Dispose();
        Tensor present = ones(32, 12, dtype: ScalarType.Bool);
        var opt = optim.AdamW(model.parameters(), lr: 3e-3, weight_decay: 0.0);

        double Dropped()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var evalMasks = new Generator(99);
            LamaeOutput o = model.forward(heldOut, present, evalMasks);
            return ReconstructionParts.Of(new PretrainOutput(o.Loss, o.PatchErrors, o.Mask)).DroppedLoss!.Value;
        }

        // A plateau at the mean level comes first (about 600 steps here, as in tiny runs); 1,000 steps reached 0.64.
        const int Steps = 1000;
        double before = Dropped();
        for (int step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            Tensor x = ProjectedSignals(8, config.Samples, leadField, gen);
            model.forward(x, present.narrow(0, 0, 8), masks).Loss.backward();
            opt.step();
            if (step % 250 == 249)
            {
                output.WriteLine($"step {step + 1}: {Dropped():F3}");
            }
        }

        double after = Dropped();
        output.WriteLine($"leads hidden whole, held-out MSE (mean level 1): {before:F3} before, {after:F3} after {Steps} steps");
        Assert.True(after < 0.75, $"dropped-lead loss {after:F3} did not fall well below the mean level (1.0); before: {before:F3}");
        heldOut.Dispose();
        leadField.Dispose();
        present.Dispose();
    }
}

using Lamae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

public class SharedPartsTests
{
    private static readonly bool[] ContextValid = [true, true, false, true, false, true, true, true, true, true];

    [Fact]
    public void Patch_embedding_maps_each_patch_with_one_shared_linear()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var embed = new PatchEmbed(patchSize: 20, dim: 8);
        Tensor x = randn(2, 3, 200);  // [B, L, T]
        Tensor y = embed.forward(x);
        Assert.Equal(new long[] { 2, 3, 10, 8 }, y.shape);

        // Patch n of lead l is samples [20n, 20n + 20): the same linear map for every lead and position.
        var p = embed.named_parameters().ToDictionary(kv => kv.name, kv => kv.parameter);
        Tensor manual = matmul(x[1, 2].narrow(0, 60, 20), p["proj.weight"].t()) + p["proj.bias"];
        Assert.True(allclose(y[1, 2, 3], manual, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Sin_cos_positions_follow_the_mae_formula()
    {
        using var scope = NewDisposeScope();
        float[] pe = SinCosPositions.Create(positions: 40, dim: 16).data<float>().ToArray();
        for (int n = 0; n < 40; n++)
        {
            for (int d = 0; d < 8; d++)
            {
                double omega = Math.Pow(10000, -d / 8.0);
                Assert.True(Math.Abs(Math.Sin(n * omega) - pe[(n * 16) + d]) < 1e-6);
                Assert.True(Math.Abs(Math.Cos(n * omega) - pe[(n * 16) + 8 + d]) < 1e-6);
            }
        }
    }

    [Fact]
    public void Attention_matches_torch_sdpa_and_ignores_masked_keys()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        using var attn = new Attention(dim: 16, heads: 4);
        Tensor x = randn(3, 7, 16);
        Tensor keyValid = ones(3, 7, dtype: ScalarType.Bool);
        keyValid[0, 5] = false;
        keyValid[0, 6] = false;
        keyValid[2, 0] = false;

        (Tensor y, Tensor? w) = attn.forward(x, keyValid, needWeights: true);
        Assert.Equal(new long[] { 3, 4, 7, 7 }, w!.shape);
        Assert.True(allclose(w.sum(-1), ones(3, 4, 7), atol: 1e-6));
        Assert.Equal(0.0, w[0, .., .., 5].abs().max().item<float>());
        Assert.Equal(0.0, w[2, .., .., 0].abs().max().item<float>());

        // Independent reference: libtorch's fused attention with the same boolean mask (true = attend).
        var p = attn.named_parameters().ToDictionary(kv => kv.name, kv => kv.parameter);
        Tensor[] qkv = nn.functional.linear(x, p["qkv.weight"], p["qkv.bias"]).view(3, 7, 3, 4, 4).permute(2, 0, 3, 1, 4).unbind(0);
        Tensor o = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], keyValid.view(3, 1, 1, 7));
        Tensor expected = nn.functional.linear(o.transpose(1, 2).reshape(3, 7, 16), p["proj.weight"], p["proj.bias"]);
        Assert.True(allclose(y, expected, rtol: 1e-4, atol: 1e-5), $"max diff {(y - expected).abs().max().item<float>()}");

        // Changing a masked key's input changes nothing for the other tokens' attention to it.
        Tensor x2 = x.clone();
        x2[0, 6] = randn(16);
        Tensor y2 = attn.forward(x2, keyValid);
        Assert.True(allclose(y2[0, ..6], y[0, ..6], atol: 1e-6));
    }

    [Fact]
    public void Cross_attention_reads_only_valid_context()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var cross = new CrossAttention(dim: 8, heads: 2);
        Tensor x = randn(2, 3, 8), context = randn(2, 5, 8);
        Tensor valid = tensor(ContextValid, [2, 5]);
        (Tensor y, Tensor? w) = cross.forward(x, context, valid, needWeights: true);
        Assert.Equal(new long[] { 2, 3, 8 }, y.shape);
        Assert.Equal(new long[] { 2, 2, 3, 5 }, w!.shape);
        Tensor changed = context.clone();
        changed[0, 2] = randn(8) * 10;
        changed[0, 4] = randn(8) * 10;
        Assert.True(allclose(cross.forward(x, changed, valid), y, atol: 1e-6));
        Assert.False(allclose(cross.forward(x, changed, null), y, atol: 1e-6));
    }

    [Fact]
    public void Fused_attention_equals_the_written_out_form_with_bias_and_key_mask()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(21);
        Tensor q = randn([2, 4, 6, 8], generator: gen), k = randn([2, 4, 9, 8], generator: gen), v = randn([2, 4, 9, 8], generator: gen);
        Tensor bias = TimeLocality.Bias(arange(6, dtype: ScalarType.Float32).unsqueeze(0), arange(9, dtype: ScalarType.Float32).unsqueeze(0), TimeLocality.Slopes(4, 4.0))!;  // [1, H, 6, 9]
        Tensor keyValid = rand([2, 9], generator: gen).gt(0.3);
        keyValid[1] = false;   // no valid key at all: both forms average instead of giving NaN

        foreach (Tensor? b in new[] { null, bias })
        {
            Tensor fused = Attention.FusedScaledDotProduct(q, k, v, keyValid, b);
            (Tensor written, Tensor? w) = Attention.ScaledDotProduct(q, k, v, keyValid, needWeights: true, b);
            Assert.NotNull(w);
            Assert.False(fused.isnan().any().item<bool>());
            Assert.True(allclose(fused, written, rtol: 1e-5, atol: 1e-6), $"max difference {(fused - written).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void Parameter_names_are_pytorch_like()
    {
        using var block = new Block(16, 2, 4.0, 1e-6);
        using var cross = new CrossBlock(16, 2, 4.0, 1e-6);
        string[] names = block.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(
            ["norm1.weight", "norm1.bias", "attn.qkv.weight", "attn.qkv.bias", "attn.proj.weight", "attn.proj.bias",
             "norm2.weight", "norm2.bias", "mlp.fc1.weight", "mlp.fc1.bias", "mlp.fc2.weight", "mlp.fc2.bias"],
            names);
        string[] crossNames = cross.named_parameters().Select(p => p.name).ToArray();
        Assert.Contains("norm_context.weight", crossNames);
        Assert.Contains("attn.q.weight", crossNames);
        Assert.Contains("attn.kv.weight", crossNames);
    }
}

using Lamae.Models;
using Lamae.Runtime;
using Lamae.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Runtime;

[Collection(nameof(Training.GlobalTorchRng))]
public sealed class MixedPrecisionTests
{
    [Fact]
    public void Outside_a_bf16_scope_a_linear_layer_is_exactly_its_forward()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        var layer = nn.Linear(16, 8);
        Tensor x = randn(4, 16);

        Assert.Equal(ScalarType.Float32, MixedPrecision.Compute);
        Assert.True(MixedPrecision.Linear(layer, x).eq(layer.forward(x)).all().item<bool>());
    }

    [Fact]
    public void In_bf16_a_linear_layer_multiplies_in_bf16_returns_fp32_and_trains_its_fp32_weights()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        var layer = nn.Linear(64, 32);
        Tensor x = randn(8, 64);
        Tensor exact = layer.forward(x);
        exact.sum().backward();
        Tensor exactGrad = layer.weight!.grad!.clone();
        layer.zero_grad();

        Tensor y;
        using (MixedPrecision.Use(ScalarType.BFloat16))
        {
            Assert.Equal(ScalarType.BFloat16, MixedPrecision.Linear(layer, x, keepCompute: true).dtype);
            y = MixedPrecision.Linear(layer, x);
        }

        y.sum().backward();
        Assert.Equal(ScalarType.Float32, MixedPrecision.Compute);   // the scope put fp32 back
        Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.Equal(ScalarType.Float32, layer.weight!.dtype);
        Assert.False(y.eq(exact).all().item<bool>());   // it really computed in bf16 ...
        double error = (y - exact).abs().max().item<float>() / exact.abs().max().item<float>();
        Assert.InRange(error, 0, 2e-2);   // ... within bf16's 8-bit mantissa
        Assert.Equal(ScalarType.Float32, layer.weight!.grad!.dtype);
        Assert.InRange((layer.weight!.grad! - exactGrad).abs().max().item<float>() / exactGrad.abs().max().item<float>(), 0, 2e-2);
    }

    [Fact]
    public void Tiny_lamae_loss_in_bf16_is_the_fp32_loss_to_bf16_rounding()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(3);
        using var model = new LamaeModel(MicroConfig.Value);
        model.eval();
        Tensor signals = randn(6, 12, MicroConfig.Value.Samples, generator: new Generator(5));
        Tensor present = ones(6, 12, dtype: ScalarType.Bool);

        float fp32 = model.forward(signals, present, new Generator(9)).Loss.item<float>();
        float bf16;
        using (MixedPrecision.Use(ScalarType.BFloat16))
        {
            bf16 = model.forward(signals, present, new Generator(9)).Loss.item<float>();
        }

        Assert.NotEqual(fp32, bf16);
        Assert.InRange(Math.Abs(bf16 - fp32) / fp32, 0, 0.03);
    }

    [Fact]
    public void Bf16_attention_multiplies_in_bf16_with_an_fp32_softmax_and_matches_fp32()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(4);
        Tensor q = randn(2, 4, 40, 24), k = randn(2, 4, 41, 24), v = randn(2, 4, 41, 24);  // the decoder's cross-attention shapes
        Tensor bias = randn(1, 4, 40, 41);
        Tensor keyValid = ones(2, 41, dtype: ScalarType.Bool);
        keyValid[1, TensorIndex.Slice(30)] = tensor(false);
        (Tensor exact, Tensor? exactWeights) = Attention.ScaledDotProduct(q, k, v, keyValid, needWeights: true, bias);

        (Tensor half, Tensor? weights) = Attention.ScaledDotProduct(q.to(ScalarType.BFloat16), k.to(ScalarType.BFloat16), v.to(ScalarType.BFloat16), keyValid, needWeights: true, bias);

        Assert.Equal(ScalarType.BFloat16, half.dtype);  // the weighted sum of V ran in bf16
        Assert.Equal(ScalarType.Float32, weights!.dtype);  // scores, bias, mask and softmax in fp32
        Assert.True(weights.sum(-1).sub(1).abs().max().item<float>() < 1e-5);
        Assert.Equal(0f, weights[1, TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(30)].abs().max().item<float>());  // masked keys get nothing
        Assert.InRange((weights - exactWeights!).abs().max().item<float>(), 1e-6, 3e-2);
        Assert.InRange((half.to(ScalarType.Float32) - exact).abs().max().item<float>() / exact.abs().max().item<float>(), 1e-6, 3e-2);
    }

    [Fact]
    public void Only_fp32_and_bf16_are_compute_types()
    {
        Assert.Throws<ArgumentException>(() => MixedPrecision.Use(ScalarType.Float16));
        Assert.Equal(ScalarType.Float32, MixedPrecision.Compute);
    }
}

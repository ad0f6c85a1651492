using Lamae.Diagnostics;
using Lamae.Runtime;
using static TorchSharp.torch;

namespace Lamae.Tests.Runtime;

public sealed class PrecisionChoiceTests
{
    [Theory]
    [InlineData("fp32", "fp32")]
    [InlineData("bf16", "bf16")]
    [InlineData(" BF16 ", "bf16")]
    public void An_asked_precision_is_taken_as_asked(string asked, string name)
    {
        PrecisionChoice c = PrecisionChoice.Resolve(asked, CPU);

        Assert.Equal((name, "asked for"), (c.Name, c.Reason));
        Assert.Equal(name == "bf16" ? ScalarType.BFloat16 : ScalarType.Float32, c.Compute);
    }

    [Fact]
    public void Auto_on_the_cpu_is_bf16_exactly_where_the_cpu_has_native_bf16_and_says_why()
    {
        bool native = SimdFeatures.Detect().Any(f => f is "AVX512_BF16" or "AMX-BF16");

        PrecisionChoice c = PrecisionChoice.Resolve("auto", CPU);

        Assert.Equal(native ? "bf16" : "fp32", c.Name);
        Assert.StartsWith("auto: this CPU has", c.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Anything_else_is_refused_naming_the_choices()
    {
        var ex = Assert.Throws<ArgumentException>(() => PrecisionChoice.Resolve("fp8", CPU));

        Assert.Contains("--precision fp8: one of fp32, bf16, auto", ex.Message, StringComparison.Ordinal);
    }
}

using Lamae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

public class TimeLocalityTests
{
    private static readonly double[] ThreeOfTwelve = [1.5, 5.5, 9.5];
    private static readonly double[] OneOfTen = [4.5];
    private static readonly double[] HalvingFromTwo = [2.0, 1.0, 0.5, 0.25];
    private static readonly double[] Zeros = [0.0, 0.0];
    private static readonly float[] QueryTimes = [0f, 2.5f];
    private static readonly long[] KeyTimes = [0, 1, 7, 3, 3, 0];

    [Fact]
    public void Anchors_spread_evenly_and_sit_on_patches_when_K_equals_N()
    {
        Assert.Equal(Enumerable.Range(0, 40).Select(n => (double)n), TimeLocality.Anchors(40, 40));
        Assert.Equal(ThreeOfTwelve, TimeLocality.Anchors(3, 12));  // three latents, each the centre of 4 patches
        Assert.Equal(OneOfTen, TimeLocality.Anchors(1, 10));
    }

    [Fact]
    public void Slopes_halve_per_head()
    {
        Assert.Equal(HalvingFromTwo, TimeLocality.Slopes(4, 2.0));
        Assert.Equal(Zeros, TimeLocality.Slopes(2, 0.0));
    }

    [Fact]
    public void Bias_is_minus_slope_times_time_distance_per_head()
    {
        using var scope = NewDisposeScope();
        Tensor query = tensor(QueryTimes).view(1, 2);  // [1, Sq]
        Tensor keys = tensor(KeyTimes).view(2, 3);  // [B=2, Sk=3], int64 patch ids like IdsKeep
        Tensor bias = TimeLocality.Bias(query, keys, [2.0, 0.5])!;
        Assert.Equal(new long[] { 2, 2, 2, 3 }, bias.shape);
        float[] v = bias.contiguous().data<float>().ToArray();
        long[] k = KeyTimes;
        float[] q = QueryTimes;
        double[] m = [2.0, 0.5];
        for (int b = 0; b < 2; b++)
        {
            for (int h = 0; h < 2; h++)
            {
                for (int i = 0; i < 2; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        double expected = -m[h] * Math.Abs(q[i] - k[(b * 3) + j]);
                        Assert.Equal(expected, v[(((((b * 2) + h) * 2) + i) * 3) + j], 5);
                    }
                }
            }
        }
    }

    [Fact]
    public void No_bias_when_every_slope_is_zero()
    {
        using var scope = NewDisposeScope();
        Assert.Null(TimeLocality.Bias(zeros(1, 3), zeros(1, 4), [0.0, 0.0]));
    }

    [Fact]
    public void A_strong_bias_makes_cross_attention_read_the_nearest_time()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var attn = new CrossAttention(dim: 8, heads: 2);
        Tensor x = randn(1, 3, 8);  // queries at times 0, 1, 2
        Tensor context = randn(1, 5, 8);  // keys at times 0..4
        Tensor bias = TimeLocality.Bias(tensor(new float[] { 0, 1, 2 }).view(1, 3), arange(5).view(1, 5), [1000.0, 1000.0])!;
        Tensor y = attn.forward(x, context, null, bias);

        // Each query now reads the one key at its own time: the same as attending to that key alone.
        for (int i = 0; i < 3; i++)
        {
            Tensor alone = attn.forward(x.narrow(1, i, 1), context.narrow(1, i, 1));
            Assert.True(allclose(y.narrow(1, i, 1), alone, rtol: 1e-5, atol: 1e-6));
        }

        Assert.False(attn.forward(x, context).allclose(y, atol: 1e-3));  // and the bias changed something
    }

    [Fact]
    public void Fractional_sin_cos_positions_agree_with_integer_ones_and_interpolate_phase()
    {
        using var scope = NewDisposeScope();
        Tensor integer = SinCosPositions.Create(positions: 6, dim: 8);
        Tensor listed = SinCosPositions.Create([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], dim: 8);
        Assert.True(integer.allclose(listed, rtol: 0, atol: 0));
        float half = SinCosPositions.Create([2.5], dim: 8).data<float>()[0];
        Assert.Equal(Math.Sin(2.5), half, 5);  // the fastest column is sin(n)
    }
}

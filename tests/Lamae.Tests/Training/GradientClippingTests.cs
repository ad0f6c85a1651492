using Lamae.Training;
using TorchSharp;
using TorchSharp.Modules;

namespace Lamae.Tests.Training;

public class GradientClippingTests
{
    [Fact]
    public void Large_gradients_are_scaled_to_the_norm_and_the_prior_norm_is_returned()
    {
        // Gradients (3, 4) and (12): joint L2 norm sqrt(9 + 16 + 144) = 13.
        using var a = new Parameter(torch.zeros(2));
        using var b = new Parameter(torch.zeros(1));
        using (var scope = torch.NewDisposeScope())
        {
            var loss = (a * torch.tensor(new float[] { 3, 4 })).sum() + (b * 12).sum();
            loss.backward();
        }

        double norm = GradientClipping.ClipByNorm([a, b], 1.0);

        Assert.Equal(13.0, norm, 4);
        float[] ga = a.grad!.data<float>().ToArray();
        float[] gb = b.grad!.data<float>().ToArray();
        Assert.Equal(3.0 / 13, ga[0], 4);
        Assert.Equal(4.0 / 13, ga[1], 4);
        Assert.Equal(12.0 / 13, gb[0], 4);
    }

    private static readonly float[] SmallGradient = [0.3f, 0.4f];

    [Fact]
    public void Small_gradients_are_left_alone()
    {
        using var a = new Parameter(torch.zeros(2));
        using (var scope = torch.NewDisposeScope())
        {
            (a * torch.tensor(SmallGradient)).sum().backward();
        }

        double norm = GradientClipping.ClipByNorm([a], 1.0);

        Assert.Equal(0.5, norm, 5);
        Assert.Equal(SmallGradient, a.grad!.data<float>().ToArray());
    }

    [Fact]
    public void A_nan_gradient_gives_a_nan_norm()
    {
        using var a = new Parameter(torch.zeros(2));
        using (var scope = torch.NewDisposeScope())
        {
            (a * torch.tensor(new float[] { float.NaN, 1 })).sum().backward();
        }

        Assert.True(double.IsNaN(GradientClipping.ClipByNorm([a], 1.0)));
    }

    [Fact]
    public void Non_finite_loss_message_names_the_step_and_the_last_good_checkpoint()
    {
        NonFiniteLossException.ThrowIfNotFinite(0.25, 3, null); // finite: no throw

        var withCheckpoint = Assert.Throws<NonFiniteLossException>(
            () => NonFiniteLossException.ThrowIfNotFinite(double.NaN, 1234, "/runs/a/checkpoint.ckpt"));
        Assert.Contains("loss is NaN at step 1234", withCheckpoint.Message, StringComparison.Ordinal);
        Assert.Contains("/runs/a/checkpoint.ckpt", withCheckpoint.Message, StringComparison.Ordinal);
        Assert.Equal(1234, withCheckpoint.Step);
        Assert.IsAssignableFrom<LamaeException>(withCheckpoint);

        var without = Assert.Throws<NonFiniteLossException>(
            () => NonFiniteLossException.ThrowIfNotFinite(double.PositiveInfinity, 7, null, "gradient norm"));
        Assert.Contains("gradient norm is Infinity at step 7", without.Message, StringComparison.Ordinal);
        Assert.Contains("no checkpoint was written", without.Message, StringComparison.Ordinal);
    }
}

using Lamae.Models;
using Lamae.Tests.Models;
using Lamae.Training;
using TorchSharp;
using TorchSharp.Modules;
using static Lamae.Tests.Training.TrainingTestHelpers;
using static TorchSharp.torch;

namespace Lamae.Tests.Training;

/// <summary>
/// FlatAdamW against TorchSharp's own AdamW, the independent implementation it replaces: the same weights bit for bit,
/// and optimiser state that either can save and the other load.
/// </summary>
public class FlatAdamWTests
{
    private const double Rate = 0.01;

    [Fact]
    public void Steps_give_bitwise_the_weights_of_TorchSharp_AdamW_in_both_groups()
    {
        using var flatModel = new StandInModel(3, dropout: 0);
        using var plainModel = new StandInModel(3, dropout: 0);
        using var flat = ParameterGroups.Split(flatModel).CreateAdamW(Rate);
        using var plain = PlainAdamW(plainModel);
        Assert.IsType<FlatAdamW.AdamW>(flat);

        for (int step = 0; step < 6; step++)
        {
            Step(flatModel, flat, step);
            Step(plainModel, plain, step);
        }

        AssertSameWeights(plainModel, flatModel);
    }

    [Fact]
    public void State_saved_by_either_optimiser_resumes_in_the_other_bitwise()
    {
        foreach (bool flatFirst in new[] { true, false })
        {
            using var firstModel = new StandInModel(4, dropout: 0);
            using var first = flatFirst ? ParameterGroups.Split(firstModel).CreateAdamW(Rate) : PlainAdamW(firstModel);
            for (int step = 0; step < 3; step++)
            {
                Step(firstModel, first, step);
            }

            using var saved = new MemoryStream();
            using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                first.save_state_dict(writer);
            }

            using var secondModel = new StandInModel(5, dropout: 0);
            using (no_grad())
            {
                foreach (var (name, p) in secondModel.named_parameters())
                {
                    p.copy_(firstModel.get_parameter(name)!);
                }
            }

            using var second = flatFirst ? PlainAdamW(secondModel) : ParameterGroups.Split(secondModel).CreateAdamW(Rate);
            saved.Position = 0;
            using (var reader = new BinaryReader(saved))
            {
                second.load_state_dict(reader);
            }

            for (int step = 3; step < 6; step++)
            {
                Step(firstModel, first, step);
                Step(secondModel, second, step);
            }

            AssertSameWeights(firstModel, secondModel);
        }
    }

    [Fact]
    public void Zero_grad_clears_every_gradient_and_backward_accumulates_into_the_flat_buffer()
    {
        using var model = new StandInModel(6, dropout: 0);
        using var optimizer = ParameterGroups.Split(model).CreateAdamW(Rate);
        Step(model, optimizer, 0);
        Assert.Contains(model.parameters(), p => p.grad!.abs().sum().item<float>() > 0);

        optimizer.zero_grad();

        Assert.All(model.parameters(), p => Assert.Equal(0f, p.grad!.abs().sum().item<float>()));
    }

    [Fact]
    public void State_in_which_some_parameters_skipped_steps_is_refused_naming_its_source()
    {
        // TorchSharp's AdamW skips a parameter without a gradient, so its step count falls behind the others'.
        using var plainModel = new StandInModel(9, dropout: 0);
        using var plain = PlainAdamW(plainModel);
        Step(plainModel, plain, 0);
        plainModel.get_parameter("head.weight")!.grad = null;
        plain.step();
        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            plain.save_state_dict(writer);
        }

        using var model = new StandInModel(9, dropout: 0);
        using var flat = (FlatAdamW.AdamW)ParameterGroups.Split(model).CreateAdamW(Rate);
        saved.Position = 0;
        using (var reader = new BinaryReader(saved))
        {
            flat.load_state_dict(reader);
        }

        var error = Assert.Throws<LamaeException>(() => flat.ThrowIfStepsDiffer("run/checkpoint.ckpt"));
        Assert.StartsWith("run/checkpoint.ckpt: AdamW state has parameters of one group at different steps (2 and 1)", error.Message, StringComparison.Ordinal);
        Assert.Throws<LamaeException>(() => flat.step());
    }

    [Fact]
    public void Every_parameter_is_a_64_byte_aligned_slice_of_its_groups_buffer()
    {
        using var model = new StandInModel(8, dropout: 0);
        using var optimizer = ParameterGroups.Split(model).CreateAdamW(Rate);

        Assert.All(model.parameters(), p => Assert.Equal(0, p.storage_offset() % 16));
        Assert.Contains(model.parameters(), p => p.storage_offset() > 0);  // slices of a shared buffer, not tensors of their own
    }

    [Fact]
    public void A_gradient_replaced_instead_of_updated_in_place_stops_the_step_with_a_clear_error()
    {
        using var model = new StandInModel(7, dropout: 0);
        using var optimizer = ParameterGroups.Split(model).CreateAdamW(Rate);
        Parameter head = model.get_parameter("head.weight")!;
        head.grad = ones_like(head);  // a new tensor: the flat buffer would never see it
        var before = head.detach().clone();

        var error = Assert.Throws<InvalidOperationException>(() => optimizer.step());

        Assert.Contains("replaced instead of updated in place", error.Message, StringComparison.Ordinal);
        Assert.True(BitwiseEqual(before, head.detach()), "no weight may change when the step is refused");
    }

    [Theory]
    [InlineData("lamae")]
    [InlineData("mae-lead")]
    [InlineData("mae-joint")]
    [InlineData("contrastive")]
    public void Every_parameter_of_a_pretraining_model_gets_a_gradient_so_none_is_skipped_by_plain_AdamW(string name)
    {
        // TorchSharp's AdamW skips a parameter without a gradient; the flat one always has one (zero), so it would decay
        // and move such a parameter. Equal behaviour needs every trainable parameter to take part in every step.
        using var scope = NewDisposeScope();
        manual_seed(8);
        using PretrainModel model = ModelRegistry.Create(name, MicroConfig.Value);
        using var data = new Generator(13);
        (Tensor x, Tensor ids, Tensor present) = PartialLeadBatch.Draw(data, 3, MicroConfig.Value.Samples, keep: 0.5, alwaysLead: 1, singleLead: (1, 4));
        using var draws = new Generator(2);

        model.pretrain_backward(x, ids, present, draws, 3);

        Assert.Empty(model.named_parameters().Where(p => p.parameter.requires_grad && p.parameter.grad is null).Select(p => p.name));
    }

    // TorchSharp's AdamW over the same two groups as ParameterGroups.CreateAdamW.
    private static TorchSharp.Modules.AdamW PlainAdamW(nn.Module model)
    {
        var split = ParameterGroups.Split(model);
        var s = split.Settings;
        return optim.AdamW(
            [
                new TorchSharp.Modules.AdamW.ParamGroup(split.Decay.Select(p => p.Parameter).ToList(), lr: Rate, beta1: s.Beta1, beta2: s.Beta2, eps: s.Epsilon, weight_decay: s.WeightDecay),
                new TorchSharp.Modules.AdamW.ParamGroup(split.NoDecay.Select(p => p.Parameter).ToList(), lr: Rate, beta1: s.Beta1, beta2: s.Beta2, eps: s.Epsilon, weight_decay: 0.0),
            ],
            lr: Rate, beta1: s.Beta1, beta2: s.Beta2, eps: s.Epsilon);
    }

    // One step on a batch that depends only on the step number, so both models see the same data.
    private static void Step(StandInModel model, optim.Optimizer optimizer, int step)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator((ulong)(100 + step));
        Tensor x = randn([8, StandInModel.Width], generator: g);
        Tensor leads = randint(0, 12, [8], generator: g);
        Tensor target = randn([8, StandInModel.Outputs], generator: g);
        optimizer.zero_grad();
        nn.functional.mse_loss(model.forward(x, leads), target).backward();
        optimizer.step();
    }

    private static void AssertSameWeights(nn.Module expected, nn.Module actual)
    {
        foreach (var (name, p) in expected.named_parameters())
        {
            Assert.True(BitwiseEqual(p.detach(), actual.get_parameter(name)!.detach()), $"{name} differs");
        }
    }
}

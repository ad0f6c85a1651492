using Lamae.Training;
using TorchSharp;
using static Lamae.Tests.Training.TrainingTestHelpers;

namespace Lamae.Tests.Training;

public class ParameterGroupsTests
{
    private static readonly string[] ExpectedDecay = ["encoder.blocks.0.fc.weight", "encoder.blocks.1.fc.weight", "head.weight"];

    [Fact]
    public void Matrices_decay_and_norms_biases_embeddings_latents_and_mask_token_do_not()
    {
        using var model = new StandInModel(1);
        var groups = ParameterGroups.Split(model);

        Assert.Equal(ExpectedDecay, groups.Decay.Select(p => p.Name).Order(StringComparer.Ordinal));
        var reasons = groups.NoDecay.ToDictionary(p => p.Name, p => p.NoDecayReason);
        Assert.Equal("Embedding", reasons["lead_embed.weight"]);
        Assert.Equal("LayerNorm", reasons["encoder.blocks.0.ln.weight"]);
        Assert.Equal("LayerNorm", reasons["encoder.blocks.1.ln.bias"]);
        Assert.Equal("1-D", reasons["encoder.blocks.0.fc.bias"]);
        Assert.Equal("1-D", reasons["head.bias"]);
        Assert.StartsWith("name matches", reasons["latents"], StringComparison.Ordinal);    // [3, D]: 2-D, caught by name
        Assert.StartsWith("name matches", reasons["mask_token"], StringComparison.Ordinal); // [1, 1, D]: 3-D, caught by name
        Assert.Equal(model.parameters().Count(), groups.Decay.Count + groups.NoDecay.Count);
    }

    [Fact]
    public void Name_patterns_and_rules_are_configurable()
    {
        using var model = new StandInModel(1);
        var settings = new OptimizerSettings
        {
            NoDecayNamePatterns = [@"^head\."],
            NoDecayForOneDimensional = false,
            NoDecayForNormAndEmbeddingModules = false,
        };
        var groups = ParameterGroups.Split(model, settings);

        var noDecay = groups.NoDecay.Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["head.bias", "head.weight"], noDecay);
        Assert.Contains(groups.Decay, p => p.Name == "latents");
        Assert.Contains(groups.Decay, p => p.Name == "encoder.blocks.0.ln.weight");
    }

    [Fact]
    public void Zero_gradient_steps_shrink_only_decayed_weights_by_exactly_one_minus_lr_times_decay()
    {
        using var model = new StandInModel(2);
        var groups = ParameterGroups.Split(model, new OptimizerSettings { WeightDecay = 0.05 });
        using var optimizer = groups.CreateAdamW(learningRate: 0.1);
        var before = Snapshot(model);
        const int Steps = 5;
        for (int i = 0; i < Steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            // A loss with zero gradient everywhere: Adam's update is 0 / (0 + eps) = 0, only decay can move a weight.
            var loss = model.parameters().Select(p => p.sum()).Aggregate((a, b) => a + b) * 0.0;
            loss.backward();
            optimizer.step();
        }

        var after = model.state_dict();
        foreach (var p in groups.NoDecay)
        {
            Assert.True(BitwiseEqual(before[p.Name], after[p.Name]), $"{p.Name} ({p.NoDecayReason}) changed");
        }

        double factor = Math.Pow(1 - (0.1 * 0.05), Steps);
        foreach (var p in groups.Decay)
        {
            using var expected = before[p.Name] * factor;
            double error = (after[p.Name] - expected).abs().max().item<float>();
            Assert.True(error < 1e-6, $"{p.Name}: off by {error}");
            Assert.True(after[p.Name].abs().sum().item<float>() < before[p.Name].abs().sum().item<float>());
        }
    }
}

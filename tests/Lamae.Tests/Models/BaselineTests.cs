using Lamae.Models;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

public class BaselineTests(ITestOutputHelper output)
{
    private static readonly ModelConfig Micro = MicroConfig.Value;

    private static Dictionary<string, long[]> Shapes(nn.Module m) =>
        m.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

    private static long Count(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void Baselines_differ_from_lamae_only_in_the_cross_lead_mechanism()
    {
        manual_seed(0);
        using var lamae = new LamaeModel(ModelConfig.Tiny);
        using var maeLead = new MaeModel(ModelConfig.Tiny, MaeScope.Lead);
        using var maeJoint = new MaeModel(ModelConfig.Tiny, MaeScope.Joint);
        using var contrastive = new ContrastiveModel(ModelConfig.Tiny);
        var lamaeShapes = Shapes(lamae);

        // mae-lead: every parameter is one of LAMAE's, same shape; LAMAE's extra ones are exactly its cross-lead parts.
        var lead = Shapes(maeLead);
        foreach ((string name, long[] shape) in lead)
        {
            Assert.True(lamaeShapes.TryGetValue(name, out long[]? s) && s.SequenceEqual(shape), $"{name} differs from LAMAE");
        }

        static bool CrossLead(string name) =>
            name.StartsWith("latent.", StringComparison.Ordinal) || name.StartsWith("lead_score.", StringComparison.Ordinal)
            || (name.StartsWith("decoder_blocks.", StringComparison.Ordinal)
                && (name.Contains(".cross_attn.", StringComparison.Ordinal) || name.Contains(".norm_context.", StringComparison.Ordinal) || name.Contains(".norm3.", StringComparison.Ordinal)));
        Assert.Equal(lamaeShapes.Keys.Where(n => !lead.ContainsKey(n)).Order(), lamaeShapes.Keys.Where(CrossLead).Order());

        // mae-joint has the same parameters as mae-lead: only the attention's scope differs.
        Assert.Equal(lead.Keys.Order(), Shapes(maeJoint).Keys.Order());
        Assert.Equal(Count(maeLead), Count(maeJoint));

        // contrastive: LAMAE's encoder and norm, nothing else.
        var con = Shapes(contrastive);
        Assert.All(con.Keys, n => Assert.True(n.StartsWith("encoder.", StringComparison.Ordinal) || n.StartsWith("norm.", StringComparison.Ordinal), n));
        Assert.Equal(lamaeShapes.Keys.Where(n => n.StartsWith("encoder.", StringComparison.Ordinal) || n.StartsWith("norm.", StringComparison.Ordinal)).Order(), con.Keys.Order());

        output.WriteLine($"tiny parameters: lamae/random {Count(lamae):N0}, mae-lead {Count(maeLead):N0}, mae-joint {Count(maeJoint):N0}, contrastive {Count(contrastive):N0}");
        output.WriteLine($"LAMAE's cross-lead parts: {lamae.named_parameters().Where(p => CrossLead(p.name)).Sum(p => p.parameter.numel()):N0}");
    }

    [Theory]
    [InlineData("lamae")]
    [InlineData("mae-lead")]
    [InlineData("mae-joint")]
    [InlineData("contrastive")]
    [InlineData("random")]
    public void Every_model_trains_on_any_lead_subset_and_embeds_permutation_invariantly(string name)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(9);
        manual_seed(1);
        using PretrainModel model = ModelRegistry.Create(name, Micro);
        (Tensor x, Tensor ids, Tensor present) = PartialLeadBatch.Draw(gen, 6, Micro.Samples, keep: 0.6, alwaysLead: 5, singleLead: (0, 7));  // one ECG with a single lead

        Tensor loss = model.pretrain_loss(x, ids, present, gen);
        Assert.True(float.IsFinite(loss.item<float>()), $"{name}: loss {loss.item<float>()}");
        loss.backward();
        string[] noGrad = model.named_parameters().Where(p => p.parameter.grad is null || p.parameter.grad.abs().sum().item<float>() == 0f).Select(p => p.name).ToArray();
        Assert.Empty(noGrad);

        using var noGradMode = no_grad();
        Tensor e = model.embed(x, ids, present);
        Assert.Equal(new long[] { 6, model.EmbeddingDim }, e.shape);
        Tensor perm = randperm(12, generator: gen);
        Tensor shuffled = model.embed(x.index_select(1, perm), ids.index_select(1, perm), present.index_select(1, perm));
        Assert.True((shuffled - e).abs().max().item<float>() < 1e-5, $"{name}: not permutation-invariant");
    }

    [Fact]
    public void Contrastive_views_are_disjoint_and_cover_the_present_leads()
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator(4);
        Tensor present = rand([200, 12], generator: gen).lt(0.5);
        present[.., 0] = true;
        (Tensor a, Tensor b) = ContrastiveModel.split_views(present, gen);
        Tensor multi = present.sum(1).gt(1);  // [B]
        Assert.False(a.logical_and(b).any(1).masked_select(multi).any().item<bool>());
        Assert.True(a.logical_or(b).eq(present).all().item<bool>());
        Assert.True(a.any(1).all().item<bool>() && b.any(1).all().item<bool>());
    }

    [Fact]
    public void Unknown_model_names_are_refused()
    {
        Assert.Contains("mae-lead", Assert.Throws<ArgumentException>(() => ModelRegistry.Create("bert", Micro)).Message);
    }
}

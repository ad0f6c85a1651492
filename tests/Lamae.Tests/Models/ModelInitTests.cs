using Lamae.Models;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

public class ModelInitTests
{
    private static IEnumerable<(string Name, Tensor Query, Tensor Key)> QueryKeyPairs(nn.Module model)
    {
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.EndsWith("attn.qkv.weight", StringComparison.Ordinal))
            {
                long d = p.shape[1];
                yield return (name, p.narrow(0, 0, d), p.narrow(0, d, d));
            }
            else if (name.EndsWith(".kv.weight", StringComparison.Ordinal))
            {
                var q = model.named_parameters().Single(x => x.name == name[..^"kv.weight".Length] + "q.weight").parameter;
                yield return (name, q, p.narrow(0, 0, q.shape[0]));
            }
        }
    }

    [Fact]
    public void Mimetic_attention_starts_every_key_projection_equal_to_its_query_projection()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        using var tied = new LamaeModel(MicroConfig.Value with { MimeticAttention = true });
        using var plain = new LamaeModel(MicroConfig.Value with { MimeticAttention = false });

        var tiedPairs = QueryKeyPairs(tied).ToList();
        Assert.True(tiedPairs.Count >= 5);   // encoder, latent rounds (cross, self, lead cross), decoder (self, cross)
        Assert.All(tiedPairs, p => Assert.True(p.Query.eq(p.Key).all().item<bool>(), p.Name));
        Assert.All(QueryKeyPairs(plain), p => Assert.False(p.Query.eq(p.Key).all().item<bool>(), p.Name));
    }

    [Fact]
    public void The_patch_embedding_gain_scales_its_initial_weights()
    {
        using var scope = NewDisposeScope();
        random.manual_seed(2);
        using var wide = new LamaeModel(MicroConfig.Value with { PatchEmbedGain = 3 });
        using var plain = new LamaeModel(MicroConfig.Value with { PatchEmbedGain = 1 });

        static double Max(nn.Module m) => m.named_parameters().Single(p => p.name == "encoder.patch_embed.proj.weight").parameter.abs().max().item<float>();
        double bound = Math.Sqrt(6.0 / (MicroConfig.Value.PatchSize + MicroConfig.Value.Dim));   // Xavier-uniform bound at gain 1
        Assert.InRange(Max(plain), 0.8 * bound, bound);
        Assert.InRange(Max(wide), 0.8 * 3 * bound, 3 * bound);
    }
}

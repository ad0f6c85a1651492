using Lamae.Cache;
using Lamae.Core;
using Lamae.Evaluation;
using Lamae.Io.Datasets;
using Lamae.Models;
using Lamae.Tests.Models;
using Lamae.Tests.Support;
using Lamae.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Evaluation;

/// <summary>
/// lamae embed's library side (DESIGN.md section 7): deterministic files NumPy reads, lead subsets, records longer than
/// the model's window, and refusals. The micro model (20 Hz, windows of 200 samples) on a small array cache.
/// </summary>
public sealed class EmbedderTests : IDisposable
{
    private const int Records = 12;
    private const int Samples = 400;   // two micro windows
    private const ushort LimbLeads = 0x003F;

    private readonly TempFolder temp = Fixtures.Temp();
    private readonly EcgCache cache;
    private readonly float[][] values = new float[Records][];

    public EmbedderTests()
    {
        var rng = new Random(5);
        var records = new List<CacheRecord>();
        for (int i = 0; i < Records; i++)
        {
            // Every third record has only the limb leads, so a precordial-only subset skips it.
            records.Add(ArrayCache.Record($"r{i:D3}", $"p{i / 2}", i % 3 == 0 ? LimbLeads : (ushort)0x0FFF, i % 10, i % 4 == 3 ? DatasetSplit.Test : DatasetSplit.Train, i % 2 == 0 ? ["I4891"] : []));
            values[i] = Enumerable.Range(0, 12 * Samples).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
        }

        string dir = Path.Combine(temp.Path, "cache");
        ArrayCache.Write(dir, records, 12, Samples, i => values[i], recordsPerShard: 5, rate: MicroConfig.Value.SampleRate);
        cache = EcgCache.Open(dir);
    }

    public void Dispose()
    {
        cache.Dispose();
        temp.Dispose();
    }

    [Theory]
    [InlineData("lamae")]
    [InlineData("mae-joint")]
    public void Embedding_twice_gives_the_same_bytes_whatever_the_batch(string name)
    {
        using PretrainModel model = NewModel(name);

        EmbedResult a = Embed(model, "a", new EmbedOptions { BatchSize = 64 });
        EmbedResult b = Embed(model, "b", new EmbedOptions { BatchSize = 5 });

        foreach (string file in new[] { EmbeddingFolder.EmbeddingsFileName, EmbeddingFolder.RecordsFileName })
        {
            Assert.Equal(File.ReadAllBytes(a.Folder.PathOf(file)), File.ReadAllBytes(b.Folder.PathOf(file)));
        }

        Assert.Equal(name == ModelNames.Lamae, File.Exists(a.Folder.PathOf(EmbeddingFolder.LeadWeightsFileName)));
        Assert.Equal(Records, a.Provenance.Records);
        Assert.Equal(model.EmbeddingDim, a.Provenance.Dim);
    }

    [Fact]
    public void A_record_longer_than_the_window_is_the_mean_of_its_windows_and_the_folder_reads_back()
    {
        using PretrainModel model = NewModel(ModelNames.Lamae);

        EmbedResult result = Embed(model, "e", new EmbedOptions());

        EmbeddingFolder folder = EmbeddingFolder.Open(result.Folder.Directory);
        (float[] rows, int n, int dim) = folder.ReadEmbeddings();
        IReadOnlyList<EmbeddedRecord> records = folder.ReadRecords();
        float[] weights = folder.ReadLeadWeights()!;
        Assert.Equal(2, folder.ReadProvenance().Windows);
        Assert.Equal(Records, n);
        Assert.Equal(cache.Records.Select(r => r.RecordId), records.Select(r => r.Record));
        Assert.Equal(["I4891"], records[0].Labels);
        Assert.Equal("p0", records[1].Patient);
        Assert.Equal("test", records[3].Split);

        using var scope = NewDisposeScope();
        using var noGrad = inference_mode();
        var lamae = (LamaeModel)model;
        Tensor x = tensor(Stored(4), [1, 12, Samples]);
        Tensor present = ones(1, 12, dtype: ScalarType.Bool);
        Representation first = lamae.represent(x.narrow(2, 0, 200), present), second = lamae.represent(x.narrow(2, 200, 200), present);
        float[] expected = first.Embedding.add(second.Embedding).div(2).data<float>().ToArray();
        float[] expectedWeights = first.LeadWeights.add(second.LeadWeights).div(2).data<float>().ToArray();
        Assert.All(expected.Select((v, j) => (v, j)), p => Assert.Equal(p.v, rows[(4 * dim) + p.j], 1e-5f));
        Assert.All(expectedWeights.Select((v, j) => (v, j)), p => Assert.Equal(p.v, weights[(4 * 12) + p.j], 1e-5f));
    }

    [Fact]
    public void A_lead_subset_shows_only_those_leads_and_skips_records_that_have_none_of_them()
    {
        using PretrainModel model = NewModel(ModelNames.MaeLead);
        Lead[] subset = [Lead.I, Lead.II, Lead.V2];

        EmbedResult chosen = Embed(model, "subset", new EmbedOptions { Leads = subset });
        EmbedResult precordial = Embed(model, "v2", new EmbedOptions { Leads = [Lead.V2] });

        Assert.Equal(["I", "II", "V2"], chosen.Provenance.Leads);
        Assert.Equal(Records, chosen.Provenance.Records);   // every record has I and II
        Assert.Equal(Records - 4, precordial.Provenance.Records);   // r000, r003, r006, r009 have only the limb leads
        Assert.All(precordial.Provenance.Skipped, s => Assert.Contains("none of the chosen leads", s.Reason, StringComparison.Ordinal));
        Assert.DoesNotContain(precordial.Folder.ReadRecords(), r => r.Record == "r003");

        // Record 1 seen through I, II and V2 only: the model's own embedding of those leads (mean of the two windows).
        (float[] rows, _, int dim) = chosen.Folder.ReadEmbeddings();
        using var scope = NewDisposeScope();
        using var noGrad = inference_mode();
        Tensor x = tensor(Stored(1), [1, 12, Samples]);
        Tensor present = zeros(1, 12, dtype: ScalarType.Bool);
        foreach (Lead l in subset)
        {
            present[0, (int)l] = true;
        }

        Tensor shown = x.mul(present.unsqueeze(-1));
        Tensor ids = LamaeModel.CanonicalLeadIds(1);
        float[] expected = model.embed(shown.narrow(2, 0, 200), ids, present).add(model.embed(shown.narrow(2, 200, 200), ids, present)).div(2).data<float>().ToArray();
        Assert.All(expected.Select((v, j) => (v, j)), p => Assert.Equal(p.v, rows[dim + p.j], 1e-5f));
    }

    [Theory]
    [InlineData("lamae")]
    [InlineData("mae-lead")]
    [InlineData("mae-joint")]
    [InlineData("contrastive")]
    public void Shuffling_a_records_leads_with_their_identities_gives_the_same_embedding(string name)
    {
        using PretrainModel model = NewModel(name);
        using var scope = NewDisposeScope();
        using var noGrad = inference_mode();
        using var gen = new Generator(3);
        Tensor x = tensor(Stored(2), [1, 12, Samples]).narrow(2, 0, 200);
        Tensor present = ones(1, 12, dtype: ScalarType.Bool);
        present[0, 4] = false;
        Tensor ids = LamaeModel.CanonicalLeadIds(1);
        Tensor order = randperm(12, generator: gen);

        Tensor canonical = model.embed(x, ids, present);
        Tensor shuffled = model.embed(x.index_select(1, order), ids.index_select(1, order), present.index_select(1, order));

        Assert.True(allclose(canonical, shuffled, rtol: 0, atol: 1e-5), $"{name}: max difference {(canonical - shuffled).abs().max().item<float>()}");
    }

    [Fact]
    public void A_model_of_another_rate_and_a_finished_folder_are_refused_before_anything_is_written()
    {
        using PretrainModel tiny = ModelRegistry.Create(ModelNames.Random, ModelConfig.Tiny);   // 100 Hz
        using PretrainModel micro = NewModel(ModelNames.Lamae);
        string target = Path.Combine(temp.Path, "refused");

        var rate = Assert.Throws<LamaeException>(() => Embed(tiny, "refused", new EmbedOptions()));
        Embed(micro, "done", new EmbedOptions());
        var again = Assert.Throws<LamaeException>(() => EmbeddingFolder.Create(Path.Combine(temp.Path, "done")));

        Assert.Contains("needs 100 Hz", rate.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target));
        Assert.Contains("holds embeddings already", again.Message, StringComparison.Ordinal);
        Assert.Contains("unfinished", Assert.Throws<LamaeException>(() => EmbeddingFolder.Open(temp.Path)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1000, 1000, new[] { 0 })]
    [InlineData(1001, 1000, new[] { 0, 1 })]
    [InlineData(2500, 1000, new[] { 0, 750, 1500 })]
    [InlineData(400, 200, new[] { 0, 200 })]
    public void Windows_cover_the_record_evenly(int length, int window, int[] expected) =>
        Assert.Equal(expected, Embedder.WindowStarts(length, window));

    private EmbedResult Embed(PretrainModel model, string name, EmbedOptions options) =>
        Embedder.Run(model, new ModelSpec(name == "refused" ? ModelNames.Random : ModelNames.Lamae, model.Config), null, cache,
            EmbeddingFolder.Create(Path.Combine(temp.Path, name)), options);

    // What the cache holds for record i (float16 storage rounds the values written).
    private float[] Stored(int i)
    {
        var stored = new float[12 * Samples];
        cache.Read(i, stored);
        return stored;
    }

    private static PretrainModel NewModel(string name)
    {
        // Weights from a local generator: torch's global one is shared with tests running in parallel.
        PretrainModel model = ModelRegistry.Create(name, MicroConfig.Value);
        using var gen = new Generator(17);
        using var noGrad = no_grad();
        foreach (var p in model.parameters())
        {
            p.add_(randn(p.shape, generator: gen).mul(0.05));
        }

        return model;
    }
}

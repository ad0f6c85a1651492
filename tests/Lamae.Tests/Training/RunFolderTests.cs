using System.Text.Json;
using Lamae.Cache;
using Lamae.Models;
using Lamae.Signal;
using Lamae.Tests.Models;
using Lamae.Tests.Support;
using Lamae.Training;
using TorchSharp;
using static Lamae.Tests.Training.TrainingTestHelpers;
using static TorchSharp.torch;

namespace Lamae.Tests.Training;

/// <summary>
/// The run folder as the library owns it, and compatibility with what the code before issue 15 wrote
/// (Training/Fixtures/run-before-issue-15, made by its make-fixture.cs.txt at commit 5c21995).
/// </summary>
[Collection(nameof(GlobalTorchRng))]
public sealed class RunFolderTests : IDisposable
{
    private static readonly string Before = Path.Combine(AppContext.BaseDirectory, "Training", "Fixtures", "run-before-issue-15");

    // The fixture's micro run trained on 40 simulated ECGs at 20 Hz; the same settings rebuild that cache exactly.
    private static readonly Lazy<string> MicroCache = new(() =>
    {
        string dir = Path.Combine(Path.GetTempPath(), $"lamae-runfolder-cache-{Environment.ProcessId}");
        CacheBuilder.Build(new CacheBuildSettings("synthetic", string.Empty, 20, 10, PreprocessingPipeline.Default(20, 10).ToJson(),
            SyntheticCount: 40, SyntheticRate: 250, Seed: 3), dir, threads: 2);
        return dir;
    });

    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("lamae")]
    [InlineData("mae-lead")]
    [InlineData("mae-joint")]
    [InlineData("contrastive")]
    public void Todays_classes_build_the_old_weights_under_the_old_names_in_the_old_order(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);   // as make-fixture did
        using PretrainModel model = ModelRegistry.Create(name, MicroConfig.Value);
        using SafeTensorsFile old = SafeTensors.Load(Path.Combine(Before, $"{name}.safetensors"));

        Dictionary<string, Tensor> state = model.state_dict();
        Assert.Equal(old.Tensors.Select(t => t.Name), state.Keys);   // names and order (AdamW's moments follow the order)
        Assert.All(old.Tensors, t => Assert.True(BitwiseEqual(t.Tensor, state[t.Name]), $"{name}: {t.Name} differs from the weights the old code drew"));
    }

    [Theory]
    [InlineData("lamae")]
    [InlineData("mae-lead")]
    [InlineData("mae-joint")]
    [InlineData("contrastive")]
    public void Old_safetensors_load_into_todays_classes_and_embed_as_before(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(99);   // other weights: all must come from the file
        using PretrainModel model = ModelRegistry.Create(name, MicroConfig.Value);
        SafeTensors.LoadInto(Path.Combine(Before, $"{name}.safetensors"), model);
        model.eval();
        var expected = JsonSerializer.Deserialize<Dictionary<string, float[]>>(File.ReadAllText(Path.Combine(Before, "embeddings.json")))![name];

        using var noGrad = no_grad();
        float[] actual = model.embed(FixedInput(), LamaeModel.CanonicalLeadIds(2), FixedPresent()).data<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5f));
    }

    [Fact]
    public void An_old_run_folder_rebuilds_its_model_from_the_folder_alone()
    {
        using var scope = NewDisposeScope();
        using PretrainModel model = RunFolder.Open(Path.Combine(Before, "run-lamae-micro")).LoadModel();
        using SafeTensorsFile weights = SafeTensors.Load(Path.Combine(Before, "run-lamae-micro", RunFolder.WeightsFileName));

        Assert.IsType<LamaeModel>(model);
        Assert.Equal(MicroConfig.Value, model.Config);
        Dictionary<string, Tensor> state = model.state_dict();
        Assert.All(weights.Tensors, t => Assert.True(BitwiseEqual(t.Tensor, state[t.Name]), t.Name));
    }

    [Fact]
    public void A_run_stopped_before_its_weights_were_exported_loads_from_its_checkpoint()
    {
        string run = CopyOldRun();
        using SafeTensorsFile exported = SafeTensors.Load(Path.Combine(run, RunFolder.WeightsFileName));
        File.Delete(Path.Combine(run, RunFolder.WeightsFileName));

        using PretrainModel model = RunFolder.Open(run).LoadModel();

        Dictionary<string, Tensor> state = model.state_dict();
        Assert.All(exported.Tensors, t => Assert.True(BitwiseEqual(t.Tensor, state[t.Name]), t.Name));
    }

    [Fact]
    public void An_old_checkpoint_resumes_into_todays_classes_with_its_optimiser_and_generators()
    {
        string run = CopyOldRun();
        RunConfig config = RunFolder.Open(run).ReadConfig();
        using EcgCache cache = EcgCache.Open(MicroCache.Value);
        Assert.Equal(config.Cache.IndexSha256, cache.Manifest.IndexSha256);   // the same data as when it was written

        PretrainResult result = Pretrainer.Run(RunFolder.At(run), config.Model, config.Pretrain with { Epochs = 3 }, cache, new RunControl { Resume = true });

        EpochMetrics third = Assert.Single(result.Epochs);
        Assert.Equal(2, third.Epoch);
        Assert.Equal(24, third.Step);
        Assert.True(double.IsFinite(third.TrainLoss));
        Assert.Equal(3, result.History.Count);
    }

    [Fact]
    public void A_library_caller_trains_from_a_run_folder_and_loads_the_model_back()
    {
        using EcgCache cache = EcgCache.Open(MicroCache.Value);
        RunFolder run = RunFolder.At(Path.Combine(temp.Path, "run"));
        var options = new PretrainOptions { Epochs = 1, BatchSize = 4, BaseLearningRate = 0.096, Seed = 2 };

        PretrainResult result = Pretrainer.Run(run, new ModelSpec(ModelNames.MaeJoint, MicroConfig.Value), options, cache);

        Assert.Single(result.Epochs);
        Assert.All(RunFolder.FileNames, f => Assert.True(File.Exists(Path.Combine(run.Directory, f)), f));
        RunConfig config = RunFolder.Open(run.Directory).ReadConfig();
        Assert.Equal(new ModelSpec(ModelNames.MaeJoint, MicroConfig.Value), config.Model);
        Assert.Equal(MicroConfig.Value.Samples, config.Pretrain.CropSamples);   // the window the model needs, filled in
        using PretrainModel loaded = RunFolder.Open(run.Directory).LoadModel();
        MaeModel mae = Assert.IsType<MaeModel>(loaded);
        Assert.Equal(MaeScope.Joint, mae.Scope);
    }

    [Fact]
    public void A_cache_at_another_rate_is_refused_before_training_with_what_to_build()
    {
        using EcgCache cache = EcgCache.Open(MicroCache.Value);   // 20 Hz
        RunFolder run = RunFolder.At(Path.Combine(temp.Path, "tiny"));

        var error = Assert.Throws<LamaeException>(() => Pretrainer.Run(run, new ModelSpec(ModelNames.Lamae, ModelConfig.Tiny), new PretrainOptions(), cache));

        Assert.Contains("cached at 20 Hz", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 100 Hz", error.Message, StringComparison.Ordinal);
        Assert.Contains("--rate 100", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Directory.Exists(run.Directory), "nothing is written for a refused run");
    }

    [Fact]
    public void Weights_of_another_model_are_refused_naming_the_file_and_the_tensor()
    {
        using PretrainModel lamae = ModelRegistry.Create(ModelNames.Lamae, MicroConfig.Value);
        using PretrainModel wider = ModelRegistry.Create(ModelNames.MaeLead, MicroConfig.Value with { DecoderDim = 64 });
        string maeLead = Path.Combine(Before, "mae-lead.safetensors");

        string missing = Assert.Throws<LamaeException>(() => SafeTensors.LoadInto(maeLead, lamae)).Message;
        string shape = Assert.Throws<LamaeException>(() => SafeTensors.LoadInto(maeLead, wider)).Message;

        Assert.StartsWith(maeLead, missing, StringComparison.Ordinal);
        Assert.Contains("latent", missing, StringComparison.Ordinal);   // LAMAE's latents are not in an MAE file
        Assert.Contains("mask_token' is Float32 [32], the model's is Float32 [64]", shape, StringComparison.Ordinal);   // the first tensor of the decoder's width
    }

    [Fact]
    public void A_folder_without_a_config_is_not_a_run()
    {
        Assert.Contains("not a run folder", Assert.Throws<LamaeException>(() => RunFolder.Open(temp.Path)).Message, StringComparison.Ordinal);
        Assert.Contains("no such run folder", Assert.Throws<LamaeException>(() => RunFolder.Open(Path.Combine(temp.Path, "absent"))).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(temp.Path, RunFolder.ConfigFileName), "{ not json");
        Assert.Contains(RunFolder.ConfigFileName, Assert.Throws<LamaeException>(() => RunFolder.Open(temp.Path).ReadConfig()).Message, StringComparison.Ordinal);
    }

    private string CopyOldRun()
    {
        string run = Path.Combine(temp.Path, "old-run");
        Directory.CreateDirectory(run);
        foreach (string file in Directory.GetFiles(Path.Combine(Before, "run-lamae-micro")))
        {
            File.Copy(file, Path.Combine(run, Path.GetFileName(file)));
        }

        return run;
    }

    // make-fixture's input: two ECGs of sines, lead III (index 3) absent.
    private static Tensor FixedInput()
    {
        float[] data = new float[2 * 12 * 200];
        for (int b = 0; b < 2; b++)
        {
            for (int l = 0; l < 12; l++)
            {
                for (int t = 0; t < 200; t++)
                {
                    data[(((b * 12) + l) * 200) + t] = l == 3 ? 0f : (float)Math.Sin(0.05 * (t + (7 * l) + (31 * b)) * (1 + (0.1 * l)));
                }
            }
        }

        return tensor(data, [2, 12, 200]);
    }

    private static Tensor FixedPresent() => tensor(Enumerable.Range(0, 24).Select(i => i % 12 != 3).ToArray(), [2, 12]);
}

using Lamae.Core;
using Lamae.Signal;

namespace Lamae.Tests.Signal;

public sealed class PreprocessingPipelineTests
{
    /// <summary>
    /// The hash of Default(100, 10). Caches record it: if this test fails, the canonical JSON changed and every
    /// cache built before would be rebuilt. Change it only on purpose.
    /// </summary>
    private const string DefaultHash = "7c05379d4361e873";

    [Fact]
    public void JSON_round_trip_gives_an_equal_pipeline_with_the_same_hash()
    {
        PreprocessingPipeline pipeline = new(
        [
            new InterpolateNaN(), new Clip(5), new BandPass(0.67, 100, 3), new Resample(250),
            new CropOrPad(8.5, CropPosition.End), new Standardise(),
        ]);

        PreprocessingPipeline back = PreprocessingPipeline.FromJson(pipeline.ToJson(indented: true));

        Assert.Equal(pipeline, back);
        Assert.Equal(pipeline.Hash, back.Hash);
        Assert.Equal(pipeline.ToJson(), back.ToJson());
    }

    [Fact]
    public void The_JSON_names_each_step_with_a_step_discriminator()
    {
        string json = new PreprocessingPipeline([new Resample(100), new CropOrPad(10)]).ToJson();

        Assert.Equal("""{"steps":[{"step":"resample","rate":100},{"step":"cropOrPad","seconds":10,"where":"center"}]}""", json);
    }

    [Fact]
    public void The_default_pipelines_hash_is_stable()
    {
        PreprocessingPipeline pipeline = PreprocessingPipeline.Default(rate: 100, seconds: 10);

        Assert.Equal(DefaultHash, pipeline.Hash);
        Assert.Equal(PreprocessingPipeline.HashLength, pipeline.Hash.Length);
        Assert.Equal(pipeline.Hash, PreprocessingPipeline.Default(100, 10).Hash);
    }

    [Fact]
    public void Any_change_of_a_parameter_or_the_order_changes_the_hash()
    {
        string[] hashes =
        [
            PreprocessingPipeline.Default(100, 10).Hash,
            PreprocessingPipeline.Default(250, 10).Hash,
            PreprocessingPipeline.Default(100, 5).Hash,
            new PreprocessingPipeline([new Resample(100), new BandPass()]).Hash,
            new PreprocessingPipeline([new BandPass(), new Resample(100)]).Hash,
            new PreprocessingPipeline([new BandPass(0.5, 40, 2), new Resample(100)]).Hash,
        ];

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Fact]
    public void The_default_takes_a_500_Hz_ECG_to_10_s_at_100_Hz_and_flags_a_flat_lead()
    {
        const double rate = 500;
        var random = new Random(5);
        var leads = new Dictionary<Lead, float[]>();
        foreach (Lead lead in new[] { Lead.I, Lead.II, Lead.V1 })
        {
            leads[lead] = Enumerable.Range(0, 5500).Select(i =>
                (float)(1.0 + Math.Sin(2 * Math.PI * 1.2 * i / rate) + (0.1 * random.NextDouble()))).ToArray();
        }

        leads[Lead.V6] = Enumerable.Repeat(0.3f, 5500).ToArray();
        leads[Lead.II][100] = float.NaN;
        var ecg = Ecg.FromLeads(rate, leads, new EcgMetadata("r"));

        PreprocessingResult result = PreprocessingPipeline.Default(rate: 100, seconds: 10).Apply(ecg);

        Assert.Equal(100, result.Ecg.SamplingRate);
        Assert.Equal(1000, result.Ecg.Length);
        Assert.Equal([Lead.I, Lead.II, Lead.V1, Lead.V6], result.Ecg.PresentLeads);
        Assert.Equal([Lead.V6], result.FlatLeads);
        Assert.Empty(result.AllNaNLeads);
        Assert.Equal(PreprocessingPipeline.Default(100, 10).Hash, result.PipelineHash);
        Assert.All(result.Ecg.Data.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void The_command_line_form_parses_and_prints_back()
    {
        PreprocessingPipeline parsed = PreprocessingPipeline.Parse("interpolateNaN, resample:100,bandpass:0.5:40,crop:10:centre,clip:4, Standardize");

        Assert.Equal(
            new PreprocessingPipeline([new InterpolateNaN(), new Resample(100), new BandPass(0.5, 40), new CropOrPad(10), new Clip(4), new Standardise()]),
            parsed);
        Assert.Equal("interpolateNaN,resample:100,bandpass:0.5:40:4,crop:10:center,clip:4,standardise", parsed.ToString());
        Assert.Equal(parsed, PreprocessingPipeline.Parse(parsed.ToString()));
        Assert.Equal(PreprocessingPipeline.Default(), PreprocessingPipeline.Parse(PreprocessingPipeline.Default().ToString()));
        Assert.Empty(PreprocessingPipeline.Parse("none").Steps);
    }

    [Theory]
    [InlineData("resample:100,bandpas:0.5:40", "'bandpas:0.5:40'", "unknown step")]
    [InlineData("resample:abc", "'resample:abc'", "'abc' is not a number")]
    [InlineData("resample", "'resample'", "expected resample:HZ")]
    [InlineData("bandpass:0.5:40:four", "'bandpass:0.5:40:four'", "not a whole number")]
    [InlineData("bandpass:40:0.5", "'bandpass:40:0.5'", "high must be above low")]
    [InlineData("crop:10:middle", "'crop:10:middle'", "'middle' is not a position")]
    [InlineData("standardise:1", "'standardise:1'", "takes no values")]
    [InlineData("resample:100,,standardise", "''", "empty step")]
    public void A_bad_token_is_one_error_line_naming_it(string text, string token, string problem)
    {
        var e = Assert.Throws<LamaeException>(() => PreprocessingPipeline.Parse(text));

        Assert.Contains($"preprocessing step {token}", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("""{"steps":[{"step":"resample"}]}""", "rate")]
    [InlineData("""{"steps":[{"step":"resample","rat":100}]}""", "rat")]
    [InlineData("""{"steps":[{"step":"resample","rate":-1}]}""", "rate")]
    [InlineData("""{"steps":[{"step":"wavelet"}]}""", "wavelet")]
    [InlineData("""{"steps":[{"rate":100,"step":"resample"}],"extra":1}""", "extra")]
    [InlineData("""[1, 2]""", "preprocessing pipeline JSON")]
    public void Bad_JSON_is_one_error_line_naming_the_problem(string json, string named)
    {
        var e = Assert.Throws<LamaeException>(() => PreprocessingPipeline.FromJson(json));

        Assert.StartsWith("preprocessing pipeline JSON:", e.Message, StringComparison.Ordinal);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Hand_written_JSON_may_put_the_step_name_anywhere()
    {
        PreprocessingPipeline pipeline = PreprocessingPipeline.FromJson("""{"steps":[{"low":1,"high":30,"step":"bandpass"}]}""");

        Assert.Equal(new BandPass(1, 30, BandPass.DefaultOrder), Assert.Single(pipeline.Steps));
    }
}

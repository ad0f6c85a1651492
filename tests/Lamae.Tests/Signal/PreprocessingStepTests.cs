using Lamae.Core;
using Lamae.Signal;

namespace Lamae.Tests.Signal;

public sealed class PreprocessingStepTests
{
    private static readonly EcgMetadata Meta = new("rec1", Source: "rec1.hea");

    [Fact]
    public void InterpolateNaN_fills_linearly_inside_and_with_the_nearest_value_at_the_edges()
    {
        float[] x = [float.NaN, float.NaN, 1, float.NaN, float.NaN, 4, 5, float.NaN];

        Assert.True(InterpolateNaN.Fill(x));

        Assert.Equal([1f, 1f, 1f, 2f, 3f, 4f, 5f, 5f], x);
    }

    [Fact]
    public void An_all_NaN_lead_becomes_zeros_and_is_flagged_and_absent_leads_stay_absent()
    {
        var ecg = Ecg.FromLeads(100, new Dictionary<Lead, float[]>
        {
            [Lead.I] = [1, float.NaN, 3],
            [Lead.V2] = [float.NaN, float.NaN, float.NaN],
        }, Meta);

        PreprocessingResult result = new PreprocessingPipeline([new InterpolateNaN()]).Apply(ecg);

        Assert.Equal([1f, 2f, 3f], result.Ecg[Lead.I].ToArray());
        Assert.Equal([0f, 0f, 0f], result.Ecg[Lead.V2].ToArray());
        Assert.Equal([Lead.V2], result.AllNaNLeads);
        Assert.True(result.Ecg.Has(Lead.V2));
        Assert.False(result.Ecg.Has(Lead.II));
        Assert.Equal([0f, 0f, 0f], result.Ecg[Lead.II].ToArray());
    }

    [Fact]
    public void Standardise_gives_mean_0_and_std_1_and_leaves_a_flat_lead_at_zero_flagged()
    {
        var random = new Random(3);
        float[] lively = Enumerable.Range(0, 500).Select(_ => (float)(2 + random.NextDouble())).ToArray();
        float[] flat = Enumerable.Range(0, 500).Select(i => 0.7f + (i % 2 == 0 ? 1e-4f : -1e-4f)).ToArray();
        var ecg = Ecg.FromLeads(500, new Dictionary<Lead, float[]> { [Lead.II] = lively, [Lead.V5] = flat }, Meta);

        PreprocessingResult result = new PreprocessingPipeline([new Standardise()]).Apply(ecg);

        double[] y = result.Ecg[Lead.II].ToArray().Select(v => (double)v).ToArray();
        double mean = y.Average();
        Assert.Equal(0, mean, 5);
        Assert.Equal(1, Math.Sqrt(y.Select(v => (v - mean) * (v - mean)).Average()), 5);
        Assert.All(result.Ecg[Lead.V5].ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal([Lead.V5], result.FlatLeads);
    }

    [Theory]
    [InlineData(CropPosition.Start, 0)]
    [InlineData(CropPosition.Center, 2)]
    [InlineData(CropPosition.End, 5)]
    public void Cropping_keeps_the_requested_part(CropPosition where, int firstKept)
    {
        Ecg ecg = Ramp(rate: 2, length: 11); // 5.5 s

        Ecg cropped = new CropOrPad(3, where).Apply(ecg); // 6 samples

        Assert.Equal(6, cropped.Length);
        Assert.Equal(Enumerable.Range(firstKept, 6).Select(i => (float)i), cropped[Lead.I].ToArray());
    }

    [Theory]
    [InlineData(CropPosition.Start, new float[] { 0, 1, 2, 0, 0, 0 })]
    [InlineData(CropPosition.Center, new float[] { 0, 0, 1, 2, 0, 0 })]
    [InlineData(CropPosition.End, new float[] { 0, 0, 0, 0, 1, 2 })]
    public void Padding_adds_zeros_where_asked(CropPosition where, float[] expected)
    {
        Ecg ecg = Ramp(rate: 2, length: 3);

        Ecg padded = new CropOrPad(3, where).Apply(ecg);

        Assert.Equal(expected, padded[Lead.I].ToArray());
        Assert.Equal(new float[6], padded[Lead.II].ToArray()); // absent lead: zeros
    }

    [Fact]
    public void Clip_limits_samples_and_counts_them_per_lead()
    {
        var ecg = Ecg.FromLeads(100, new Dictionary<Lead, float[]> { [Lead.aVF] = [-9, -1, 0, 2, 7, 3] }, Meta);

        PreprocessingResult result = new PreprocessingPipeline([new Clip(2.5)]).Apply(ecg);

        Assert.Equal([-2.5f, -1f, 0f, 2f, 2.5f, 2.5f], result.Ecg[Lead.aVF].ToArray());
        Assert.Equal(3, result.ClippedSamples[(int)Lead.aVF]);
        Assert.Equal(3, result.TotalClipped);
    }

    [Fact]
    public void Clip_leaves_standardised_values_alone_and_says_it_does_not_apply()
    {
        float[] z = [-9, -1, 0, 2, 7, 3];
        var ecg = Ecg.FromLeads(100, new Dictionary<Lead, float[]> { [Lead.aVF] = z }, Meta with { Unit = EcgUnit.Standardised });

        PreprocessingResult result = new PreprocessingPipeline([new Clip(2.5), new Standardise()]).Apply(ecg);
        PreprocessingResult inMillivolts = new PreprocessingPipeline([new Clip(2.5)]).Apply(Ecg.FromLeads(100, new Dictionary<Lead, float[]> { [Lead.aVF] = z }, Meta));

        Assert.Equal(["clip:2.5: not applicable: values are standardised, not mV"], result.NotApplicable);
        Assert.Equal(0, result.TotalClipped);
        Assert.Equal(EcgUnit.Standardised, result.Ecg.Metadata.Unit);
        Assert.Equal(new Standardise().Apply(ecg)[Lead.aVF].ToArray(), result.Ecg[Lead.aVF].ToArray());
        Assert.Empty(inMillivolts.NotApplicable);
    }

    [Fact]
    public void Band_pass_removes_a_DC_offset_and_a_slow_wander_and_keeps_the_band()
    {
        const double rate = 500;
        float[] x = Enumerable.Range(0, 10_000).Select(i =>
        {
            double t = i / rate;
            return (float)(2.0 + (0.5 * Math.Sin(2 * Math.PI * 0.1 * t)) + Math.Sin(2 * Math.PI * 10 * t));
        }).ToArray();
        var ecg = Ecg.FromLeads(rate, new Dictionary<Lead, float[]> { [Lead.II] = x }, Meta);

        Ecg y = new BandPass(0.5, 40).Apply(ecg);

        // Away from the ends only the 10 Hz sine is left; the 0.5 Hz edge's transient from the padding takes
        // ~3 s to fade (SciPy's sosfiltfilt does the same: 0.002 at 3 s, 0.02 at 1 s).
        for (int i = 1500; i < 8500; i++)
        {
            double sine = Math.Sin(2 * Math.PI * 10 * i / rate);
            Assert.True(Math.Abs(y[Lead.II][i] - sine) < 0.005, $"sample {i}: {y[Lead.II][i]} vs {sine}");
        }
    }

    [Fact]
    public void Band_pass_on_an_ECG_matches_SciPy_to_float_precision()
    {
        // Reference: tests/reference/signal_reference.py, bandpass order 4 [0.5, 100] Hz at 500 Hz on 'long'.
        SciPyReference.ButterCase c = SciPyReference.Butter.Single(b => b is { BType: "bandpass", Order: 4, Fs: 500 });
        float[] x = SciPyReference.Input(c.Input).Select(v => (float)v).ToArray();
        var ecg = Ecg.FromLeads(c.Fs, new Dictionary<Lead, float[]> { [Lead.V1] = x }, Meta);

        Ecg y = new BandPass(c.Wn[0], c.Wn[1], c.Order).Apply(ecg);

        // The Ecg holds float32 samples: ~1e-7 relative, plus the input's own rounding carried through the filter.
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Math.Abs(y[Lead.V1][i] - c.FiltFilt[i]) < 1e-5, $"sample {i}");
        }
    }

    [Fact]
    public void Resample_changes_rate_and_length_and_keeps_absent_leads_zero()
    {
        // Reference: tests/reference/signal_reference.py, resample_poly 257 Hz -> 100 Hz on 'long'.
        SciPyReference.ResampleCase c = SciPyReference.Resample.First(r => r is { From: 257, To: 100 });
        float[] x = SciPyReference.Input(c.Input).Select(v => (float)v).ToArray();
        var ecg = Ecg.FromLeads(257, new Dictionary<Lead, float[]> { [Lead.III] = x }, Meta);

        Ecg y = new Resample(100).Apply(ecg);

        Assert.Equal(100, y.SamplingRate);
        Assert.Equal(c.Output.Length, y.Length);
        Assert.Equal([Lead.III], y.PresentLeads);
        Assert.All(y[Lead.I].ToArray(), v => Assert.Equal(0f, v));
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(Math.Abs(y[Lead.III][i] - c.Output[i]) < 1e-5, $"sample {i}");
        }
    }

    [Fact]
    public void Band_pass_above_Nyquist_is_one_error_naming_high()
    {
        Ecg ecg = Ramp(rate: 100, length: 1000);

        var e = Assert.Throws<LamaeException>(() => new BandPass(0.5, 100).Apply(ecg));

        Assert.Contains("high = 100 Hz", e.Message, StringComparison.Ordinal);
        Assert.Contains("Nyquist frequency 50 Hz", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Band_pass_on_a_too_short_ECG_says_the_length_needed()
    {
        Ecg ecg = Ramp(rate: 100, length: 27);

        var e = Assert.Throws<LamaeException>(() => new BandPass(0.5, 40, 4).Apply(ecg));

        Assert.Contains("record rec1", e.Message, StringComparison.Ordinal);
        Assert.Contains("needs at least 28", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filtering_a_lead_with_NaN_is_an_error_that_says_to_interpolate_first()
    {
        var ecg = Ecg.FromLeads(100, new Dictionary<Lead, float[]> { [Lead.V3] = [.. new float[99], float.NaN] }, Meta);

        var e = Assert.Throws<LamaeException>(() => new Resample(50).Apply(ecg));

        Assert.Contains("lead V3", e.Message, StringComparison.Ordinal);
        Assert.Contains("interpolateNaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resampling_between_rates_with_no_integer_ratio_is_one_error()
    {
        Ecg ecg = Ramp(rate: 100, length: 100);

        var e = Assert.Throws<LamaeException>(() => new Resample(100 * Math.PI).Apply(ecg));

        Assert.StartsWith("resample: record rec1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rate")]
    [InlineData("low")]
    [InlineData("high")]
    [InlineData("order")]
    [InlineData("limit")]
    [InlineData("seconds")]
    public void A_bad_parameter_is_an_argument_error_naming_it(string parameter)
    {
        Action make = parameter switch
        {
            "rate" => () => _ = new Resample(-100),
            "low" => () => _ = new BandPass(0, 40),
            "high" => () => _ = new BandPass(0.5, 0.4),
            "order" => () => _ = new BandPass(0.5, 40, 0),
            "limit" => () => _ = new Clip(double.NaN),
            _ => () => _ = new CropOrPad(0),
        };

        var e = Assert.Throws<ArgumentException>(make);

        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message, StringComparison.Ordinal);
    }

    private static Ecg Ramp(double rate, int length) => Ecg.FromLeads(
        rate, new Dictionary<Lead, float[]> { [Lead.I] = Enumerable.Range(0, length).Select(i => (float)i).ToArray() }, Meta);
}

using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Quality;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Quality;

/// <summary>The faults the committed real records contain are reported.</summary>
public class EcgQualityTests
{
    [Theory]
    [InlineData("JS20004")]
    [InlineData("JS20008")]
    public void Ningbo_zero_filled_leads_are_flagged_flat(string record)
    {
        Ecg ecg = EcgReader.Read(Fixtures.Path("cinc", "ningbo", record));

        var flat = EcgQuality.Check(ecg).Where(f => f.Kind == EcgFindingKind.FlatLead).Select(f => f.Lead).ToList();

        Assert.Equal([Lead.V2, Lead.V4, Lead.V6], flat);
        Assert.All(EcgQuality.Statistics(ecg).Where(s => s.Flat), s => Assert.Equal(0, s.Std));
    }

    [Theory]
    [InlineData("georgia", "E00015", EcgFindingKind.LowAmplitude)]   // gain 4880/mV, later releases 1000/mV
    [InlineData("georgia", "E00018", EcgFindingKind.LowAmplitude)]
    [InlineData("ptbxl", "HR00599", EcgFindingKind.HighAmplitude)]   // gain 200/mV, later releases 1000/mV
    [InlineData("ptbxl", "HR20715", EcgFindingKind.HighAmplitude)]
    public void Wrong_header_gains_are_reported_as_implausible_amplitudes(string source, string record, EcgFindingKind expected)
    {
        Ecg ecg = EcgReader.Read(Fixtures.Path("cinc", source, record));

        EcgFinding finding = Assert.Single(EcgQuality.Check(ecg), f => f.Kind is EcgFindingKind.LowAmplitude or EcgFindingKind.HighAmplitude);

        Assert.Equal(expected, finding.Kind);
        Assert.Contains("gain", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Statistics_ignore_missing_samples_and_count_them()
    {
        Ecg ecg = Ecg.FromLeads(100, new Dictionary<Lead, float[]> { [Lead.V1] = [1f, float.NaN, 3f] }, new EcgMetadata("x"));

        LeadStatistics s = Assert.Single(EcgQuality.Statistics(ecg));

        Assert.Equal((1.0, 3.0, 2.0, 1.0, 1), (s.Min, s.Max, s.Mean, s.Std, s.NaNCount));
        Assert.Contains(EcgQuality.Check(ecg), f => f.Kind == EcgFindingKind.MissingSamples && f.Lead == Lead.V1);
    }

    // The record's values declared z-scores: each lead scaled to mean 0, std 1 on its own, as ptbxl-npy's source did.
    private static Ecg PerLeadStandardised(Ecg ecg)
    {
        float[] data = ecg.ToArray();
        foreach (LeadStatistics s in EcgQuality.Statistics(ecg).Where(s => !s.Flat))
        {
            Span<float> x = data.AsSpan((int)s.Lead * ecg.Length, ecg.Length);
            for (int k = 0; k < x.Length; k++)
            {
                x[k] = (float)((x[k] - s.Mean) / s.Std);
            }
        }

        return ecg.With(ecg.SamplingRate, ecg.Length, data, metadata: ecg.Metadata with { Unit = EcgUnit.Standardised });
    }

    [Fact]
    public void Standardised_values_get_not_applicable_instead_of_amplitude_and_limb_lead_findings()
    {
        // In mV these z-scores would misfire: HR00599's wrong gain aside, per-lead scaling breaks III = II - I.
        Ecg mv = EcgReader.Read(Fixtures.Path("cinc", "ptbxl", "HR00599"));
        Ecg z = PerLeadStandardised(mv);
        Ecg zAsMillivolts = z.With(z.SamplingRate, z.Length, z.ToArray(), metadata: z.Metadata with { Unit = EcgUnit.Millivolts });
        Assert.Contains(EcgQuality.Check(zAsMillivolts), f => f.Kind is EcgFindingKind.HighAmplitude or EcgFindingKind.LimbLeadInconsistency);

        IReadOnlyList<EcgFinding> findings = EcgQuality.Check(z);

        Assert.Equal(
            ["amplitude check: not applicable: values are standardised, not mV",
             "limb-lead relations check: not applicable: values are standardised, not mV (each lead scaled on its own)"],
            findings.Select(f => f.Message));
        Assert.All(findings, f => Assert.Equal(EcgFindingKind.CheckNotApplicable, f.Kind));
        Assert.Null(EcgQuality.LimbResidual(z));
    }

    [Fact]
    public void Standardised_values_still_get_flat_and_missing_sample_findings()
    {
        Ecg ecg = EcgReader.Read(Fixtures.Path("cinc", "ningbo", "JS20004"));
        Ecg z = PerLeadStandardised(ecg);

        var flat = EcgQuality.Check(z).Where(f => f.Kind == EcgFindingKind.FlatLead).ToList();

        Assert.Equal([Lead.V2, Lead.V4, Lead.V6], flat.Select(f => f.Lead));
        Assert.DoesNotContain("mV", flat[0].Message, StringComparison.Ordinal);
    }
}

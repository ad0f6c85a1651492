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
}

using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Wfdb;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io;

/// <summary>Standardised leads (units SD, as lamae reconstruct writes rebuilt records) are read as such, not skipped as non-voltages.</summary>
public sealed class EcgReaderUnitsTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    private static float[] Wave(int n, double phase) => Enumerable.Range(0, n).Select(i => (float)Math.Round(Math.Sin((i / 10.0) + phase), 3)).ToArray();

    [Fact]
    public void A_record_of_standardised_leads_reads_back_standardised_with_its_values()
    {
        var leads = new Dictionary<Lead, float[]> { [Lead.I] = Wave(200, 0), [Lead.II] = Wave(200, 1), [Lead.V2] = Wave(200, 2) };
        Ecg written = Ecg.FromLeads(100, leads, new EcgMetadata("z") { Unit = EcgUnit.Standardised });

        Ecg read = EcgReader.Read(WfdbWriter.Write(dir.Path, "z", written));

        Assert.Equal(EcgUnit.Standardised, read.Metadata.Unit);
        Assert.Contains("SD", File.ReadAllText(Path.Combine(dir.Path, "z.hea")), StringComparison.Ordinal);
        foreach (Lead lead in leads.Keys)
        {
            Assert.Equal(leads[lead], read[lead].ToArray());
        }
    }

    [Fact]
    public void In_a_record_of_voltages_a_standardised_lead_is_left_out_with_a_warning()
    {
        WfdbWriter.WriteSignals(dir.Path, "mixed", 100,
        [
            new WfdbSignalToWrite("I", WfdbWriter.Digitise(Wave(100, 0), 1000, 16), 1000, "mV"),
            new WfdbSignalToWrite("II", WfdbWriter.Digitise(Wave(100, 1), 1000, 16), 1000, EcgReader.StandardisedUnits),
        ], new WfdbWriteOptions());

        Ecg read = EcgReader.Read(Path.Combine(dir.Path, "mixed"));

        Assert.Equal(EcgUnit.Millivolts, read.Metadata.Unit);
        Assert.True(read.Has(Lead.I));
        Assert.False(read.Has(Lead.II));
        Assert.Contains(read.Metadata.Warnings, w => w.Contains("II (units 'SD')", StringComparison.Ordinal));
    }
}

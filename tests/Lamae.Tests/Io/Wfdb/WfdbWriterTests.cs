using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Wfdb;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Wfdb;

public class WfdbWriterTests
{
    // Random digital signals (extremes and missing samples included) on random lead subsets, written then read.
    [Property(MaxTest = 60)]
    public Property Format_16_round_trips_exactly(PositiveInt length, int seed, ushort leadBits) =>
        RoundTrip(16, Math.Min(length.Get, 3000), seed, leadBits);

    [Property(MaxTest = 60)]
    public Property Format_212_round_trips_exactly(PositiveInt length, int seed, ushort leadBits) =>
        RoundTrip(212, Math.Min(length.Get, 3000), seed, leadBits);

    [Fact]
    public void Header_carries_checksums_initial_values_and_file_order()
    {
        using TempFolder dir = Fixtures.Temp();
        Ecg ecg = Ecg.FromLeads(500, new Dictionary<Lead, float[]>
        {
            [Lead.aVL] = [0.5f, -0.25f, 0.001f],
            [Lead.I] = [1f, 2f, -3f],
        }, new EcgMetadata("r1"));
        var order = new[] { Lead.aVL, Lead.I };

        string header = WfdbWriter.Write(dir.Path, "r1", ecg, new WfdbWriteOptions(Gain: 1000, LeadOrder: order, Comments: ["Age: 61"]));

        WfdbRecord record = WfdbReader.Read(header);
        Assert.Equal(["aVL", "I"], record.Signals.Select(s => s.Name));
        Assert.All(record.Signals, s => Assert.Equal(ChecksumStatus.Match, s.Checksum));
        Assert.Equal(500, record.Signals[0].Spec.InitialValue);
        Assert.Equal(1000 + 2000 - 3000, record.Signals[1].Spec.Checksum);
        Ecg back = EcgReader.FromRecord(record);
        Assert.Equal(61, back.Metadata.Age);
        Assert.Equal(ecg[Lead.I].ToArray(), back[Lead.I].ToArray());
    }

    [Fact]
    public void Values_beyond_the_format_range_are_clipped_and_NaN_becomes_the_sentinel()
    {
        int[] d = WfdbWriter.Digitise([100f, -100f, float.NaN, 0.0015f], gain: 1000, format: 212);

        Assert.Equal([2047, -2047, -2048, 2], d);
    }

    private static Property RoundTrip(int format, int length, int seed, ushort leadBits)
    {
        var rng = new Random(seed);
        int invalid = WfdbSignalFormat.InvalidValue(format)!.Value;
        var leads = Leads.All.Where(l => (leadBits & (1 << (int)l)) != 0).ToList();
        if (leads.Count == 0)
        {
            leads.Add(Leads.All[rng.Next(Leads.Count)]);
        }

        // Shuffle the file order: the reader must give canonical leads whatever the file says.
        var order = leads.OrderBy(_ => rng.Next()).ToList();
        const double gain = 200;
        var digital = leads.ToDictionary(l => l, _ => Enumerable.Range(0, length).Select(_ => rng.Next(10) switch
        {
            0 => invalid,
            1 => -invalid - 1,
            2 => invalid + 1,
            _ => rng.Next(invalid + 1, -invalid),
        }).ToArray());
        var signals = order.Select(l => new WfdbSignalToWrite(l.Name(), digital[l], gain, "mV")).ToList();

        using TempFolder dir = Fixtures.Temp();
        string header = WfdbWriter.WriteSignals(dir.Path, "rt", 360, signals, new WfdbWriteOptions(Format: format));
        Ecg ecg = EcgReader.Read(header);

        bool same = ecg.PresentLeads.SequenceEqual(leads) && ecg.Length == length && ecg.SamplingRate == 360
            && leads.All(l => Enumerable.Range(0, length).All(k =>
                digital[l][k] == invalid ? float.IsNaN(ecg[l][k]) : ecg[l][k] == (float)(digital[l][k] / gain)));
        return same.Label($"format {format}, {length} samples, leads {string.Join(",", order)}");
    }
}

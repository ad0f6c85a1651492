using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Wfdb;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Wfdb;

/// <summary>
/// Conformance on the WFDB fixtures too large to commit (Data/README.md): record 100, s0010_re, and the multi-segment
/// records s00001 (long) and s25047, read from the shared corpus.
/// </summary>
[Trait("Category", "Corpus")]
public sealed class WfdbConformanceCorpusTests
{
    private const string S00001Long = "multi-segment/s00001/s00001-2896-10-10-00-31";
    private const string S25047 = "multi-segment/s25047/s25047-2704-05-04-10-44";

    private static string Fixture(string name) => SharedCorpus.Path("wfdb-fixtures", name);

    [Fact]
    public void Record_2b_100_format_212_equals_rdsamp_and_has_two_signals()
    {
        // rdsamp -f 0.002 -t 30 -s 1 at 360 Hz: frames 1 to 10800, signal V5.
        WfdbRecord record = WfdbReader.Read(Fixture("100"), 1, 10800);
        RdsampTarget target = RdsampTarget.Load("record-2b");

        Assert.Equal("MLII, V5", string.Join(", ", record.Signals.Select(s => s.Name)));
        Assert.Equal(360, record.SamplingFrequency);
        Assert.Equal(10799, target.Rows);
        WfdbSignal v5 = record.Signals[1];
        target.AssertDigital(0, r => RdsampTarget.Printed(v5, r), v5.Name);
    }

    [Fact]
    public void Record_100_whole_checksums_match()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("100"));

        Assert.Equal(650000, record.Frames);
        Assert.All(record.Signals, s => Assert.Equal(ChecksumStatus.Match, s.Checksum));
    }

    [Fact]
    public void Record_3b_s0010_re_range_and_channels_equal_rdsamp_physical()
    {
        // rdsamp -f 5 -t 38 -P -s 13 0 4 8 3 at 1000 Hz.
        WfdbRecord record = WfdbReader.Read(Fixture("s0010_re"), 5000, 38000);
        RdsampTarget target = RdsampTarget.Load("record-3b");

        Assert.Equal(15, record.Signals.Count);
        Assert.Equal(1000, record.SamplingFrequency);
        Assert.Equal(33000, target.Rows);
        int[] channels = [13, 0, 4, 8, 3];
        for (int c = 0; c < channels.Length; c++)
        {
            WfdbSignal s = record.Signals[channels[c]];
            target.AssertPhysical(c, r => s.Physical[r], s.Name);
        }
    }

    [Fact]
    public void Record_s0010_re_maps_its_lower_case_names_to_the_12_leads_and_leaves_out_xyz_with_a_warning()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("s0010_re"));
        Ecg ecg = EcgReader.FromRecord(record);

        Assert.All(record.Signals, s => Assert.Equal(ChecksumStatus.Match, s.Checksum));
        Assert.Equal(Leads.All, ecg.PresentLeads);
        Assert.Equal(1000, ecg.SamplingRate);
        Assert.Equal(38400, ecg.Length);
        Assert.Equal(record.Signals[1].Physical, ecg[Lead.II].ToArray());
        Assert.Equal(record.Signals[3].Physical, ecg[Lead.aVR].ToArray());
        Assert.Equal(record.Signals[11].Physical, ecg[Lead.V6].ToArray());
        string warning = Assert.Single(ecg.Metadata.Warnings, w => w.Contains("left out", StringComparison.Ordinal));
        Assert.Contains("vx, vy, vz", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Variable_layout_s00001_at_the_start_of_a_segment_equals_rdsamp_physical()
    {
        WfdbRecord record = WfdbReader.Read(Fixture(S00001Long), 14428365, 14428375);
        RdsampTarget target = RdsampTarget.Load("record-multi-variable-a");

        Assert.Equal("II, V, MCL1, ABP", string.Join(", ", record.Signals.Select(s => s.Name)));
        for (int c = 0; c < 4; c++)
        {
            WfdbSignal s = record.Signals[c];
            target.AssertPhysical(c, r => s.Physical[r], s.Name);
        }
    }

    [Fact]
    public void Variable_layout_s00001_reading_into_an_absent_segment_fails_naming_it()
    {
        // record-multi-variable-b starts one frame earlier, in segment 3975656_0011, whose .dat is not in the fixtures.
        RdsampTarget a = RdsampTarget.Load("record-multi-variable-a");
        RdsampTarget b = RdsampTarget.Load("record-multi-variable-b");
        for (int c = 0; c < 4; c++)
        {
            a.AssertPhysical(c, r => b[r + 1, c], "rdsamp's own rows for the same frames");
        }

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(Fixture(S00001Long), 14428364, 14428375));
        Assert.Contains("3975656_0011", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3975656_0011.dat not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variable_layout_s00001_reads_its_present_start_and_fails_on_the_first_absent_segment()
    {
        WfdbHeader header = WfdbHeaderParser.ReadFile(Fixture(S00001Long) + ".hea");
        (long start, long length) = SegmentRange(header, "3975656_0001");
        WfdbRecord record = WfdbReader.Read(header, 0, start + length);
        WfdbRecord segment = WfdbReader.Read(Fixture("multi-segment/s00001/3975656_0001"));

        Assert.Equal(3261, start);   // after the first gap
        Assert.All(record.Signals, s => Assert.True(s.Physical[..(int)start].All(float.IsNaN)));
        AssertSegmentCopied(record, segment, start);

        (long start9, _) = SegmentRange(header, "3975656_0009");
        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(header, start9 - 10, start9 + 10));
        Assert.Contains("segment 3975656_0009", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3975656_0009.dat", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variable_layout_s25047_whole_record_equals_its_segments()
    {
        // wfdb-python's test_multi_variable_c: a 25740-frame gap, 16 segments with II and V only, 2 with ABP too.
        WfdbHeader header = WfdbHeaderParser.ReadFile(Fixture(S25047) + ".hea");
        WfdbRecord record = WfdbReader.Read(header);

        Assert.Equal(543240, record.Frames);
        Assert.Equal("II, V, ABP", string.Join(", ", record.Signals.Select(s => s.Name)));
        Assert.All(record.Signals, s => Assert.True(s.Physical[..25740].All(float.IsNaN)));
        Assert.True(record.Signals[2].Physical[25740..(25740 + 420000)].All(float.IsNaN));
        foreach (WfdbSegmentSpec seg in header.Segments.Skip(1).Where(s => !s.IsGap))
        {
            (long start, _) = SegmentRange(header, seg.Name);
            AssertSegmentCopied(record, WfdbReader.Read(Fixture("multi-segment/s25047/" + seg.Name)), start);
        }
    }

    [Theory]
    [InlineData("s0010_re")]
    public void A_range_of_frames_equals_the_same_slice_of_a_whole_read(string name) =>
        WfdbReaderConformanceTests.AssertRangesEqualWholeRead(Fixture(name));

    private static (long Start, long Length) SegmentRange(WfdbHeader header, string name)
    {
        long start = 0;
        foreach (WfdbSegmentSpec seg in header.Segments)
        {
            if (seg.Name == name)
            {
                return (start, seg.SampleCount);
            }

            start += seg.SampleCount;
        }

        throw new ArgumentException($"no segment {name}", nameof(name));
    }

    // Every signal of the segment appears, by name, at its frames in the record; the layout's other signals are NaN.
    private static void AssertSegmentCopied(WfdbRecord record, WfdbRecord segment, long start)
    {
        Range frames = (int)start..(int)(start + segment.Frames);
        foreach (WfdbSignal s in record.Signals)
        {
            WfdbSignal? own = segment.Signals.FirstOrDefault(x => x.Name == s.Name);
            float[] actual = s.Physical[frames];
            Assert.True(own is null ? actual.All(float.IsNaN) : own.Physical.AsSpan().SequenceEqual(actual),
                $"{segment.Name} signal {s.Name} at frame {start}");
        }
    }
}

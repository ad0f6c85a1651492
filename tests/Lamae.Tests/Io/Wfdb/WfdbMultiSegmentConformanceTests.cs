using Lamae.Io.Wfdb;

namespace Lamae.Tests.Io.Wfdb;

/// <summary>
/// Multi-segment records (fixed and variable layout, complete and incomplete) and header-only records, against
/// rdsamp where a target exists (Reference/README.md) and against reads of the segments themselves otherwise.
/// </summary>
public sealed class WfdbMultiSegmentConformanceTests
{
    private const string S00001Long = "multi-segment/s00001/s00001-2896-10-10-00-31";
    private const string P000878 = "multi-segment/p000878/p000878-2137-10-26-16-57";
    private const string S25047 = "multi-segment/s25047/s25047-2704-05-04-10-44";

    private static string Fixture(string name) => RdsampTarget.Fixture(name);

    [Fact]
    public void Fixed_layout_v102s_across_segments_equals_rdsamp_physical()
    {
        // rdsamp -f s70000 -t s80000 -s 1 0 3 -P: frames 70000-80000 cross segment 1 into segment 2.
        WfdbRecord record = WfdbReader.Read(Fixture("multi-segment/fixed1/v102s"), 70000, 80000);
        RdsampTarget target = RdsampTarget.Load("record-multi-fixed-c");

        Assert.Equal(10000, target.Rows);
        int[] channels = [1, 0, 3];
        for (int c = 0; c < channels.Length; c++)
        {
            WfdbSignal s = record.Signals[channels[c]];
            target.AssertPhysical(c, r => s.Physical[r], s.Name);
        }
    }

    [Fact]
    public void Fixed_layout_041s_with_four_samples_per_frame_equals_rdsamp_high_resolution()
    {
        // rdsamp -s 3 2 1 -H, with -32768 written as -2048 (format 212's invalid value).
        WfdbRecord record = WfdbReader.Read(Fixture("multi-segment/041s/041s"));
        RdsampTarget target = RdsampTarget.Load("record-multi-fixed-d");
        const int Invalid212 = -2048;

        Assert.Equal(2000, record.Frames);
        Assert.Equal(2000 * 4, target.Rows);
        int[] channels = [3, 2, 1];
        for (int c = 0; c < channels.Length; c++)
        {
            WfdbSignal s = record.Signals[channels[c]];
            int repeat = 4 / s.Spec.SamplesPerFrame;
            int col = c;
            for (int r = 0; r < target.Rows; r++)
            {
                double d = target[r, col];
                float expected = d == Invalid212 ? float.NaN : RdsampTarget.ToPhysical(s.Spec, d);
                Assert.True(expected.Equals(s.Physical[r / repeat]), $"{s.Name} row {r}: rdsamp {d}, reader {s.Physical[r / repeat]}");
            }
        }
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
    public void Variable_layout_p000878_selected_range_equals_rdsamp_digital()
    {
        // rdsamp -f s3550 -t s7500 -s 0 1, with -32768 written as -128 (format 80's invalid value): crosses the
        // first gap and two segments that order PLETH and II differently.
        WfdbRecord record = WfdbReader.Read(Fixture(P000878), 3550, 7500);
        RdsampTarget target = RdsampTarget.Load("record-multi-variable-d");
        const int Invalid80 = -128;

        Assert.Equal(3950, target.Rows);
        for (int c = 0; c < 2; c++)
        {
            WfdbSignal s = record.Signals[c];
            int col = c;
            for (int r = 0; r < target.Rows; r++)
            {
                double d = target[r, col];
                float expected = d == Invalid80 ? float.NaN : RdsampTarget.ToPhysical(s.Spec, d);
                Assert.True(expected.Equals(s.Physical[r]), $"{s.Name} row {r}: rdsamp {d}, reader {s.Physical[r]}");
            }
        }
    }

    [Fact]
    public void Variable_layout_p000878_fails_on_the_first_segment_whose_header_is_absent()
    {
        WfdbRecord start = WfdbReader.Read(Fixture(P000878), 0, 7500);
        Assert.Equal(7500, start.Frames);

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(Fixture(P000878), 7000, 8000));
        Assert.Contains("segment 3269321_0003", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3269321_0003.hea", ex.Message, StringComparison.Ordinal);
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

    [Fact]
    public void Numerics_record_turns_the_invalid_sample_sentinel_into_NaN()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("multi-segment/s00001/s00001-2896-10-09-01-56n"));

        Assert.Equal(1.0 / 60, record.SamplingFrequency, 1e-12);
        Assert.Equal(125, record.Header.Record.CounterFrequency);
        Assert.Equal(1, record.Frames);
        foreach (string name in new[] { "NBPSys", "NBPDias", "NBPMean" })
        {
            WfdbSignal s = record.Signals.Single(s => s.Name == name);
            Assert.True(float.IsNaN(s.Physical[0]));
            Assert.Equal(1, s.NaNCount);
        }

        Assert.Equal(0f, record.Signals.Single(s => s.Name == "HR").Physical[0]);
        Assert.Equal(110.9f, record.Signals.Single(s => s.Name == "RESP").Physical[0]);
    }

    [Fact]
    public void Variable_layout_made_only_of_a_gap_reads_as_NaN()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("multi-segment/s00001/s00001-2896-10-09-01-56"));

        Assert.Equal(7500, record.Frames);
        Assert.All(record.Signals, s => Assert.Equal(7500, s.NaNCount));
    }

    [Theory]
    [InlineData("drive02", 5)]
    [InlineData("n16", 5)]
    [InlineData("wave_4", 7)]
    public void Header_only_fixture_parses_but_reading_fails_naming_the_signal_file(string name, int signals)
    {
        WfdbHeader header = WfdbHeaderParser.ReadFile(Fixture(name) + ".hea");
        Assert.Equal(signals, header.Signals.Count);

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(Fixture(name)));
        Assert.Contains($"signal file {name}.dat not found", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(Fixture(name) + ".hea:2:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FLAC_formats_fail_with_one_error_that_names_the_format_and_the_line()
    {
        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(Fixture("flacformats")));

        Assert.StartsWith(Fixture("flacformats") + ".hea:2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("format 508 (FLAC-compressed) is not supported", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_only_drive02_has_per_signal_samples_per_frame()
    {
        WfdbHeader header = WfdbHeaderParser.ReadFile(Fixture("drive02") + ".hea");

        Assert.Equal(15.5, header.Record.SamplingFrequency);
        Assert.Equal(78056, header.Record.SampleCount);
        Assert.Equal("32, 2, 1, 1, 2", string.Join(", ", header.Signals.Select(s => s.SamplesPerFrame)));
        Assert.Equal("ECG, foot GSR, HR, marker, RESP", string.Join(", ", header.Signals.Select(s => s.Description)));
        Assert.Equal("1000, 1000, 1.0001, 100, 500", string.Join(", ", header.Signals.Select(s => s.AdcGain.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

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

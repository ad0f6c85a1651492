using Lamae.Io.Wfdb;

namespace Lamae.Tests.Io.Wfdb;

/// <summary>
/// Multi-segment records (fixed and variable layout, complete and incomplete) and header-only records, against
/// rdsamp where a target exists (Reference/README.md) and against reads of the segments themselves otherwise.
/// </summary>
public sealed class WfdbMultiSegmentConformanceTests
{
    private const string P000878 = "multi-segment/p000878/p000878-2137-10-26-16-57";

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
}

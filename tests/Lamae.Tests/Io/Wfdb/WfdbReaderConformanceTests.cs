using Lamae.Io.Mat;
using Lamae.Io.Wfdb;

namespace Lamae.Tests.Io.Wfdb;

/// <summary>
/// Single-segment records against the WFDB C library's rdsamp (Reference/README.md gives each command).
/// </summary>
public sealed class WfdbReaderConformanceTests
{
    private static string Fixture(string name) => RdsampTarget.Fixture(name);

    [Fact]
    public void Record_1a_test01_00s_format_16_equals_rdsamp_digital()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("test01_00s"));
        RdsampTarget target = RdsampTarget.Load("record-1a");

        Assert.Equal(4000, target.Rows);
        for (int c = 0; c < 4; c++)
        {
            WfdbSignal s = record.Signals[c];
            target.AssertDigital(c, r => RdsampTarget.Printed(s, r), s.Name);
            Assert.Equal(ChecksumStatus.Match, s.Checksum);
        }
    }

    [Fact]
    public void Record_1b_a103l_mat_range_and_channels_equal_rdsamp_physical()
    {
        // rdsamp -f 50 -t 160 -s 2 0 -P at 250 Hz: frames 12500 to 40000, signals PLETH then II.
        WfdbRecord record = WfdbReader.Read(Fixture("a103l"), 12500, 40000);
        RdsampTarget target = RdsampTarget.Load("record-1b");

        Assert.Equal("a103l.mat", record.Header.Signals[0].FileName);
        MatV4Matrix mat = MatV4Matrix.ReadHeader(File.ReadAllBytes(Fixture("a103l.mat")).AsSpan(0, 64), "a103l.mat");
        Assert.Equal(new MatV4Matrix(false, MatV4Precision.Int16, 3, 82500, "val", 24), mat);
        Assert.Empty(record.Warnings);   // the header's +24 offset is where the MAT v4 matrix's data starts
        Assert.Equal(27500, target.Rows);
        int[] channels = [2, 0];
        for (int c = 0; c < channels.Length; c++)
        {
            WfdbSignal s = record.Signals[channels[c]];
            target.AssertPhysical(c, r => s.Physical[r], s.Name);
        }
    }

    [Fact]
    public void Record_1c_a103l_mat_to_the_end_equals_rdsamp_digital_and_checksums_match()
    {
        WfdbRecord whole = WfdbReader.Read(Fixture("a103l"));
        WfdbRecord record = WfdbReader.Read(Fixture("a103l"), 20000);
        RdsampTarget target = RdsampTarget.Load("record-1c");

        Assert.Equal(62500, target.Rows);
        for (int c = 0; c < 2; c++)
        {
            WfdbSignal s = record.Signals[c];
            target.AssertDigital(c, r => RdsampTarget.Printed(s, r), s.Name);
        }

        Assert.All(whole.Signals, s => Assert.Equal(ChecksumStatus.Match, s.Checksum));
    }

    [Fact]
    public void Record_1f_binformats_all_ten_formats_equal_rdsamp_digital_with_matching_checksums()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("binformats"));
        RdsampTarget target = RdsampTarget.Load("record-1f");

        Assert.Equal(499, target.Rows);
        Assert.Equal("8, 16, 61, 80, 160, 212, 310, 311, 24, 32", string.Join(", ", record.Header.Signals.Select(s => s.Format)));
        for (int c = 0; c < 10; c++)
        {
            WfdbSignal s = record.Signals[c];
            target.AssertDigital(c, r => RdsampTarget.Printed(s, r), s.Name);
            Assert.True(s.Checksum == ChecksumStatus.Match, $"{s.Name}: checksum {s.Checksum}");
        }
    }

    [Fact]
    public void Record_1f_binformats_ranges_near_both_ends_equal_rdsamp_rows()
    {
        // As wfdb-python's test_1f: every start 0-2 with every end n-3 to n, so that packed formats (212, 310,
        // 311) start and stop inside a group of samples, and format 8 starts from a later difference.
        RdsampTarget target = RdsampTarget.Load("record-1f");
        int n = target.Rows;
        for (int from = 0; from < 3; from++)
        {
            for (int to = n - 3; to <= n; to++)
            {
                WfdbRecord part = WfdbReader.Read(Fixture("binformats"), from, to);
                for (int c = 0; c < 10; c++)
                {
                    WfdbSignal s = part.Signals[c];
                    Assert.Equal(to - from, s.Digital!.Length);
                    for (int r = 0; r < to - from; r++)
                    {
                        Assert.True((int)target[from + r, c] == RdsampTarget.Printed(s, r), $"{s.Name} [{from}, {to}) row {r}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Record_4a_skew_and_two_samples_per_frame_equal_rdsamp_frame_means()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("test01_00s_skewframe"));
        RdsampTarget target = RdsampTarget.Load("record-4a");

        // rdsamp stops when the skewed signal (skew 3) runs out; the reader gives NaN there instead.
        Assert.Equal(4000 - 3, target.Rows);
        Assert.Equal("1, 2, 1", string.Join(", ", record.Signals.Select(s => s.Spec.SamplesPerFrame)));
        for (int c = 0; c < 3; c++)
        {
            WfdbSignal s = record.Signals[c];
            target.AssertDigital(c, r => RdsampTarget.LowResolution(s, r), s.Name);
        }

        Assert.Equal(3, record.Signals[0].NaNCount);
        Assert.True(record.Signals[0].Physical[^3..].All(float.IsNaN));
        Assert.Equal(0, record.Signals[1].NaNCount);
    }

    [Fact]
    public void Record_test01_00s_skew_is_the_1a_target_with_signal_1_three_frames_later()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("test01_00s_skew"));
        RdsampTarget target = RdsampTarget.Load("record-1a");   // the same .dat file without skew

        for (int c = 0; c < 4; c++)
        {
            WfdbSignal s = record.Signals[c];
            int shift = c == 1 ? 3 : 0;
            for (int f = 0; f < 4000; f++)
            {
                int expected = f + shift < target.Rows ? (int)target[f + shift, c] : RdsampTarget.InvalidDigital;
                Assert.True(expected == RdsampTarget.Printed(s, f), $"{s.Name} frame {f}");
            }

            Assert.Equal(ChecksumStatus.Match, s.Checksum);
        }
    }

    [Fact]
    public void Record_test01_00s_frame_is_the_1a_stream_read_as_frames_of_one_two_and_one_samples()
    {
        // The file's stream is 1a's rows one after another; with frames of 1 + 2 + 1 samples, row f is frame f.
        WfdbRecord record = WfdbReader.Read(Fixture("test01_00s_frame"));
        RdsampTarget target = RdsampTarget.Load("record-1a");

        Assert.Equal(4000, record.Frames);
        for (int f = 0; f < 4000; f++)
        {
            Assert.Equal((int)target[f, 0], record.Signals[0].Digital![f]);
            Assert.Equal((int)target[f, 1], record.Signals[1].Digital![2 * f]);
            Assert.Equal((int)target[f, 2], record.Signals[1].Digital![(2 * f) + 1]);
            Assert.Equal((int)target[f, 3], record.Signals[2].Digital![f]);
        }

        Assert.All(record.Signals, s => Assert.Equal(ChecksumStatus.Match, s.Checksum));
    }

    [Fact]
    public void Record_4d_skew_and_frames_in_high_resolution_equal_rdsamp_physical()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("test01_00s_skewframe"));
        RdsampTarget target = RdsampTarget.Load("record-4d");

        // -H: two rows per frame; the one-sample-per-frame signals repeat their sample.
        Assert.Equal((4000 - 3) * 2, target.Rows);
        for (int c = 0; c < 3; c++)
        {
            WfdbSignal s = record.Signals[c];
            int spf = s.Spec.SamplesPerFrame;
            target.AssertPhysical(c, r => s.Physical[r / (2 / spf)], s.Name);
        }
    }

    [Fact]
    public void Record_4b_03700181_format_212_skew_and_four_samples_per_frame_equal_rdsamp()
    {
        WfdbRecord record = WfdbReader.Read(Fixture("03700181"));
        RdsampTarget target = RdsampTarget.Load("record-4b");   // the first 25,000 of rdsamp's 74,996 rows

        Assert.Equal("4, 1, 1", string.Join(", ", record.Signals.Select(s => s.Spec.SamplesPerFrame)));
        Assert.Equal("0, 0, 4", string.Join(", ", record.Signals.Select(s => s.Spec.Skew)));
        for (int c = 0; c < 3; c++)
        {
            WfdbSignal s = record.Signals[c];
            target.AssertDigital(c, r => RdsampTarget.LowResolution(s, r), s.Name);
            Assert.Equal(ChecksumStatus.Match, s.Checksum);
        }

        Assert.True(record.Signals[2].Physical[^4..].All(float.IsNaN));
    }

    [Fact]
    public void Record_4c_03700181_range_and_channels_equal_rdsamp_physical()
    {
        // rdsamp -f 8 -t 128 -s 0 2 -P at 125 Hz: physical units of the integer frame mean.
        WfdbRecord record = WfdbReader.Read(Fixture("03700181"), 1000, 16000);
        RdsampTarget target = RdsampTarget.Load("record-4c");

        Assert.Equal(15000, target.Rows);
        int[] channels = [0, 2];
        for (int c = 0; c < channels.Length; c++)
        {
            WfdbSignal s = record.Signals[channels[c]];
            target.AssertPhysical(c, r => RdsampTarget.ToPhysical(s.Spec, RdsampTarget.LowResolution(s, r)), s.Name);
        }
    }

    [Theory]
    [InlineData("test01_00s_skewframe")]
    [InlineData("03700181")]
    [InlineData("a103l")]
    [InlineData("binformats")]
    [InlineData("v102s")]
    public void A_range_of_frames_equals_the_same_slice_of_a_whole_read(string name) => AssertRangesEqualWholeRead(Fixture(name));

    /// <summary>Reads of whole, single-frame, empty and random ranges of <paramref name="path"/> equal slices of one whole read.</summary>
    internal static void AssertRangesEqualWholeRead(string path)
    {
        WfdbRecord whole = WfdbReader.Read(path);
        var random = new Random(20260319);
        long n = whole.Frames;
        long[][] ranges = [[0, n], [0, 1], [n - 1, n], [n / 3, n / 3], .. Enumerable.Range(0, 6).Select(_ => Range(random, n))];
        foreach (long[] range in ranges)
        {
            WfdbRecord part = WfdbReader.Read(path, range[0], range[1]);
            Assert.Equal(range[1] - range[0], part.Frames);
            for (int i = 0; i < whole.Signals.Count; i++)
            {
                int spf = whole.Signals[i].Spec.SamplesPerFrame;
                Range slice = (int)(range[0] * spf)..(int)(range[1] * spf);
                Assert.Equal(whole.Signals[i].Digital![slice], part.Signals[i].Digital!);
                Assert.Equal(whole.Signals[i].Physical[slice], part.Signals[i].Physical);
            }
        }
    }

    private static long[] Range(Random random, long n)
    {
        long a = random.NextInt64(n), b = random.NextInt64(n);
        return [Math.Min(a, b), Math.Max(a, b) + 1];
    }
}

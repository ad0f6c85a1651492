using System.Buffers.Binary;
using System.Text;
using Lamae.Io.Wfdb;

namespace Lamae.Tests.Io.Wfdb;

/// <summary>
/// Rules of the WFDB library (readheader and getskewedframe in lib/signal.c, WFDB 10.5.24) that the fixtures
/// with rdsamp targets do not exercise: skew given in samples, format 8's default start value, MAT files whose
/// rows are samples of a frame.
/// </summary>
public sealed class WfdbLibraryRulesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lamae-wfdb-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData(4, 1, 4)]
    [InlineData(2, 2, 1)]
    [InlineData(1, 2, 1)]   // half a frame rounds up, as (int)(skew / spf + 0.5) does
    [InlineData(1, 4, 0)]
    [InlineData(6, 4, 2)]
    [InlineData(0, 32, 0)]
    public void Skew_is_written_in_samples_and_applied_in_whole_frames(int skew, int spf, int frames)
    {
        WfdbHeader header = WfdbHeaderParser.Parse($"r 1 250 10\nr.dat 16x{spf}:{skew}\n", Path.Combine(dir, "r.hea"));

        Assert.Equal(skew, header.Signals[0].Skew);
        Assert.Equal(frames, header.Signals[0].SkewFrames);
    }

    [Fact]
    public void A_skewed_signal_with_two_samples_per_frame_is_shifted_by_skew_over_spf_frames()
    {
        // Frame layout in the file: a0 a1 b. Signal a has skew 2 samples = 1 frame: its frame-f samples sit in frame f + 1.
        short[] stream = [10, 11, 100, 20, 21, 200, 30, 31, 300, 40, 41, 400];
        WriteInt16(Path.Combine(dir, "s.dat"), stream);
        File.WriteAllText(Path.Combine(dir, "s.hea"), "s 2 250 3\ns.dat 16x2:2 1 16 0\ns.dat 16 1 16 0\n");

        WfdbRecord record = WfdbReader.Read(Path.Combine(dir, "s"));

        Assert.Equal("20 21 30 31 40 41", Join(record.Signals[0].Digital));
        Assert.Equal("100 200 300", Join(record.Signals[1].Digital));
    }

    [Fact]
    public void Format_8_differences_start_from_the_ADC_zero_when_the_initial_value_is_missing()
    {
        File.WriteAllBytes(Path.Combine(dir, "d.dat"), [1, 2, unchecked((byte)-3)]);
        File.WriteAllText(Path.Combine(dir, "d.hea"), "d 1 250 3\nd.dat 8 200 12 100\n");

        WfdbSignal s = WfdbReader.Read(Path.Combine(dir, "d")).Signals[0];

        Assert.Equal("101 103 100", Join(s.Digital));
        Assert.Equal("0.005 0.015 0", Join(s.Physical));   // baseline = ADC zero = 100, gain 200
    }

    [Fact]
    public void A_MAT_file_holds_one_row_per_sample_of_a_frame()
    {
        // Signal a has 2 samples per frame, b has 1: 3 rows; column-major, so each column is one frame.
        WriteMat(Path.Combine(dir, "m.mat"), 30, rows: 3, [1, 2, 50, 3, 4, 60], 2);
        File.WriteAllText(Path.Combine(dir, "m.hea"), "m 2 250 2\nm.mat 16x2+24 1 16 0 1 10 0 a\nm.mat 16+24 1 16 0 50 110 0 b\n");

        WfdbRecord record = WfdbReader.Read(Path.Combine(dir, "m"));

        Assert.Equal("1 2 3 4", Join(record.Signals[0].Digital));
        Assert.Equal("50 60", Join(record.Signals[1].Digital));
        Assert.All(record.Signals, s => Assert.Equal(ChecksumStatus.Match, s.Checksum));
    }

    [Fact]
    public void A_MAT_file_of_int32_values_reads_as_format_32()
    {
        WriteMat(Path.Combine(dir, "w.mat"), 20, rows: 1, [70000, -70000], 4);
        File.WriteAllText(Path.Combine(dir, "w.hea"), "w 1 250 2\nw.mat 32+24 1 32 0\n");

        Assert.Equal("70000 -70000", Join(WfdbReader.Read(Path.Combine(dir, "w")).Signals[0].Digital));
    }

    [Fact]
    public void A_MAT_file_whose_values_do_not_match_the_header_format_is_an_error_naming_it()
    {
        WriteMat(Path.Combine(dir, "x.mat"), 20, rows: 1, [1, 2], 4);
        File.WriteAllText(Path.Combine(dir, "x.hea"), "x 1 250 2\nx.mat 16+24 1 16 0\n");

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(Path.Combine(dir, "x")));
        Assert.StartsWith(Path.Combine(dir, "x.mat") + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains("format 16", ex.Message, StringComparison.Ordinal);
    }

    private static string Join<T>(IEnumerable<T>? values)
        where T : IFormattable =>
        string.Join(' ', (values ?? []).Select(v => v.ToString(null, System.Globalization.CultureInfo.InvariantCulture)));

    private static void WriteInt16(string path, short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    // A little-endian MAT v4 matrix named "val" (type 30 = int16, 20 = int32); the header takes 20 + 4 = 24 bytes.
    private static void WriteMat(string path, int type, int rows, int[] values, int elementSize)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write(type);
        w.Write(rows);
        w.Write(values.Length / rows);
        w.Write(0);
        w.Write(4);
        w.Write(Encoding.ASCII.GetBytes("val\0"));
        foreach (int v in values)
        {
            if (elementSize == 2)
            {
                w.Write((short)v);
            }
            else
            {
                w.Write(v);
            }
        }
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lamae.Core;
using Lamae.Io;
using Lamae.Io.Wfdb;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Wfdb;

/// <summary>Bad input gives one clear WfdbFormatException naming the file (and line) and the problem; nothing else escapes.</summary>
public sealed class WfdbBadInputTests : IDisposable
{
    private const string Alphabet = " 0123456789x:+/()-.#\nabcé~";

    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void A_truncated_signal_file_is_named_with_its_frame_counts()
    {
        string header = WriteRecord("trunc", samples: 100);
        string dat = Path.Combine(dir.Path, "trunc.dat");
        byte[] bytes = File.ReadAllBytes(dat);
        File.WriteAllBytes(dat, bytes[..(bytes.Length - 7)]);

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(header));

        Assert.StartsWith(dat, ex.Message, StringComparison.Ordinal);
        Assert.Contains("holds 98 frames", ex.Message, StringComparison.Ordinal);
        Assert.Contains("says 100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_signal_file_is_named_with_the_header_line()
    {
        string header = WriteRecord("gone", samples: 10);
        File.Delete(Path.Combine(dir.Path, "gone.dat"));

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(header));

        Assert.Equal($"{header}:2: signal file gone.dat not found (looked for {Path.Combine(dir.Path, "gone.dat")})", ex.Message);
    }

    [Fact]
    public void A_sample_count_larger_than_the_file_is_reported()
    {
        string header = WriteRecord("long", samples: 10);
        File.WriteAllText(header, File.ReadAllText(header).Replace("long 2 500 10", "long 2 500 5000", StringComparison.Ordinal));

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(header));

        Assert.Contains("holds 10 frames but the header (long.hea) says 5000", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("r 1 500 10\nr.dat 999 200 16 0 0 0 0 I\n", ":2: format 999 is not a WFDB signal format")]
    [InlineData("r 1 500 10\nr.dat 516 200 16 0 0 0 0 I\n", ":2: format 516 (FLAC-compressed) is not supported")]
    [InlineData("r 1 500 ten\nr.dat 16 200 16 0 0 0 0 I\n", ":1: number of samples 'ten' is not an integer")]
    [InlineData("r two 500 10\n", ":1: number of signals 'two' is not an integer")]
    [InlineData("r 1 fast 10\nr.dat 16 200 16 0 0 0 0 I\n", ":1: sampling frequency 'fast' is not a number")]
    [InlineData("r 1 500 10\nr.dat 16 abc/mV 16 0 0 0 0 I\n", ":2: ADC gain 'abc' is not a number")]
    [InlineData("r 1 500 10\nr.dat 16 200(x)/mV 16 0 0 0 0 I\n", ":2: baseline 'x' is not an integer")]
    [InlineData("r 1 500 10\nr.dat 16x 200 16 0 0 0 0 I\n", ":2: format '16x': 'x' must be followed by a number")]
    [InlineData("r 1 500 10\nr.dat 16 200 16 zero 0 0 0 I\n", ":2: ADC zero 'zero' is not an integer")]
    [InlineData("r 2 500 10\nr.dat 16 200 16 0 0 0 0 I\n", "the record line announces 2 signals but 1 signal lines follow")]
    [InlineData("r 1 500 10\nr.dat 16 200 16 0 0 0 0 I\nthis line is garbage\n", ":3: unexpected line after the 1 signal lines")]
    [InlineData("# only a comment\n", "no record line")]
    [InlineData("", "no record line")]
    [InlineData("r 1 500 10\nr.dat\n", ":2: signal line 'r.dat' needs at least a file name and a format")]
    [InlineData("r 1 500 10\nr.dat 16+ 200 16 0 0 0 0 I\n", ":2: format '16+': '+' must be followed by a number")]
    [InlineData("r/x 1 500 10\n", ":1: number of segments 'x' is not an integer")]
    public void Garbage_and_non_numeric_header_fields_name_the_line_and_the_field(string text, string expected)
    {
        string header = Path.Combine(dir.Path, "r.hea");
        File.WriteAllText(header, text);
        File.WriteAllBytes(Path.Combine(dir.Path, "r.dat"), new byte[40]);

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(header));

        Assert.StartsWith(header, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_binary_file_given_as_a_header_is_refused_clearly()
    {
        string header = Path.Combine(dir.Path, "bin.hea");
        File.WriteAllBytes(header, [0x7f, 0x45, 0, 1, 2, 3]);

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => WfdbReader.Read(header));

        Assert.Contains("not a text file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_header_is_named()
    {
        string missing = Path.Combine(dir.Path, "nothing");

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => EcgReader.Read(missing));

        Assert.Equal($"{missing}.hea: header file not found", ex.Message);
    }

    [Fact]
    public void A_record_without_ECG_leads_says_which_signals_it_has()
    {
        string header = Path.Combine(dir.Path, "bp.hea");
        WfdbWriter.WriteSignals(dir.Path, "bp", 125, [new WfdbSignalToWrite("ABP", [1, 2, 3], 1, "mmHg")], new WfdbWriteOptions());

        WfdbFormatException ex = Assert.Throws<WfdbFormatException>(() => EcgReader.Read(header));

        Assert.Contains("no ECG lead among its signals (ABP)", ex.Message, StringComparison.Ordinal);
    }

    // Whatever a damaged header holds, the reader answers with a WfdbFormatException or a record, never another exception.
    [Property(MaxTest = 300)]
    public Property Any_mutation_of_a_valid_header_gives_a_record_or_a_clear_error(int seed)
    {
        string header = WriteRecord("m", samples: 20);
        string text = File.ReadAllText(header);
        var rng = new Random(seed);
        char[] chars = text.ToCharArray();
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits; e++)
        {
            chars[rng.Next(chars.Length)] = Alphabet[rng.Next(Alphabet.Length)];
        }

        File.WriteAllText(header, new string(chars));
        try
        {
            WfdbReader.Read(header);
            return true.ToProperty();
        }
        catch (WfdbFormatException ex)
        {
            return (ex.Message.StartsWith(dir.Path, StringComparison.Ordinal) && !ex.Message.Contains('\n', StringComparison.Ordinal))
                .Label(ex.Message);
        }
    }

    private string WriteRecord(string name, int samples)
    {
        Ecg ecg = Ecg.FromLeads(500, new Dictionary<Lead, float[]>
        {
            [Lead.I] = Enumerable.Range(0, samples).Select(k => k / 100f).ToArray(),
            [Lead.II] = Enumerable.Range(0, samples).Select(k => -k / 100f).ToArray(),
        }, new EcgMetadata(name));
        return WfdbWriter.Write(dir.Path, name, ecg);
    }
}

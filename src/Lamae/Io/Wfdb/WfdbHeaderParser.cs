using System.Globalization;

namespace Lamae.Io.Wfdb;

/// <summary>
/// Parses WFDB header files (the `header(5)` man page of the WFDB library; wfdb-python's reader is the
/// reference): record line, signal lines with every optional field, segment lines, comments.
/// </summary>
public static class WfdbHeaderParser
{
    /// <summary>Sampling frequency when the record line gives none (WFDB's DEFFREQ).</summary>
    public const double DefaultFrequency = 250;

    /// <summary>ADC gain when the header gives none or 0 (WFDB's WFDB_DEFGAIN).</summary>
    public const double DefaultGain = 200;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Reads and parses the header file at <paramref name="path"/>.</summary>
    public static WfdbHeader ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw WfdbFormatException.At(path, null, "header file not found");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw WfdbFormatException.At(path, null, "cannot read the header: " + ex.Message);
        }

        return Parse(text, path);
    }

    /// <summary>Parses header text; <paramref name="path"/> is used in messages and to locate signal files.</summary>
    public static WfdbHeader Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw WfdbFormatException.At(path, null, "not a text file (it holds NUL bytes); is this a signal file rather than a header?");
        }

        string[] lines = text.Split('\n');
        var comments = new List<string>();
        var warnings = new List<string>();
        var signals = new List<WfdbSignalSpec>();
        var segments = new List<WfdbSegmentSpec>();
        WfdbRecordLine? record = null;
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNo = i + 1;
            string line = lines[i].TrimEnd('\r');
            string trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                continue;
            }

            if (trimmed[0] == '#')
            {
                comments.Add(trimmed[1..].Trim());
                continue;
            }

            if (record is null)
            {
                record = ParseRecordLine(trimmed, path, lineNo, warnings);
            }
            else if (record.SegmentCount is not null && segments.Count < record.SegmentCount)
            {
                segments.Add(ParseSegmentLine(trimmed, path, lineNo));
            }
            else if (signals.Count < record.SignalCount && record.SegmentCount is null)
            {
                signals.Add(ParseSignalLine(trimmed, path, lineNo, signals.Count, record.Name));
            }
            else
            {
                throw WfdbFormatException.At(path, lineNo, $"unexpected line after the {DescribeCounts(record)} the record line announced: '{Shorten(trimmed)}'");
            }
        }

        if (record is null)
        {
            throw WfdbFormatException.At(path, null, "no record line (the header is empty or holds only comments)");
        }

        if (record.SegmentCount is { } nseg && segments.Count != nseg)
        {
            throw WfdbFormatException.At(path, null, $"the record line announces {nseg} segments but {segments.Count} segment lines follow");
        }

        if (record.SegmentCount is null && signals.Count != record.SignalCount)
        {
            throw WfdbFormatException.At(path, null, $"the record line announces {record.SignalCount} signals but {signals.Count} signal lines follow");
        }

        CheckFileGroups(signals, path);
        return new WfdbHeader(path, record, signals, segments, comments, warnings);
    }

    private static WfdbRecordLine ParseRecordLine(string line, string path, int lineNo, List<string> warnings)
    {
        string[] t = Tokens(line);
        string nameField = t[0];
        int? nseg = null;
        int slash = nameField.IndexOf('/', StringComparison.Ordinal);
        string name = slash < 0 ? nameField : nameField[..slash];
        if (slash >= 0)
        {
            nseg = ParseInt(nameField[(slash + 1)..], path, lineNo, "number of segments", min: 1);
        }

        string ext = Path.GetExtension(name);
        if (ext is ".hea" or ".mat" or ".dat")
        {
            warnings.Add($"{path}:{lineNo}: record name '{name}' carries a file extension; read as '{Path.GetFileNameWithoutExtension(name)}'");
            name = Path.GetFileNameWithoutExtension(name);
        }

        if (name.Length == 0)
        {
            throw WfdbFormatException.At(path, lineNo, "empty record name on the record line");
        }

        if (t.Length < 2)
        {
            throw WfdbFormatException.At(path, lineNo, $"record line '{Shorten(line)}' lacks the number of signals");
        }

        int nsig = ParseInt(t[1], path, lineNo, "number of signals", min: 0);
        double fs = DefaultFrequency;
        double counter = double.NaN;
        double baseCounter = 0;
        if (t.Length > 2)
        {
            (fs, counter, baseCounter) = ParseFrequency(t[2], path, lineNo);
        }

        long? nsamp = t.Length > 3 ? ParseLong(t[3], path, lineNo, "number of samples", min: 0) : null;
        string? baseTime = t.Length > 4 ? t[4] : null;
        string? baseDate = t.Length > 5 ? t[5] : null;
        if (baseTime is not null && !IsWfdbTime(baseTime))
        {
            // The CinC 2020 files write "05-May-2020 14:50:55": date first, in another format. The start time
            // is metadata, not needed to read the signals, so it is kept as written with a warning.
            warnings.Add($"{path}:{lineNo}: base time/date '{string.Join(' ', t.Skip(4))}' is not WFDB's 'HH:MM:SS DD/MM/YYYY'; kept as written");
            (baseTime, baseDate) = baseDate is not null && IsWfdbTime(baseDate) ? (baseDate, baseTime) : (null, baseTime);
        }

        return new WfdbRecordLine(name, nseg, nsig, fs, double.IsNaN(counter) ? fs : counter, baseCounter, nsamp, baseTime, baseDate);
    }

    // "fs", "fs/counter", "fs/counter(base)"
    private static (double Fs, double Counter, double BaseCounter) ParseFrequency(string field, string path, int lineNo)
    {
        string fsText = field;
        double counter = double.NaN;
        double baseCounter = 0;
        int slash = field.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            fsText = field[..slash];
            string rest = field[(slash + 1)..];
            int paren = rest.IndexOf('(', StringComparison.Ordinal);
            if (paren >= 0)
            {
                if (!rest.EndsWith(')'))
                {
                    throw WfdbFormatException.At(path, lineNo, $"base counter in '{field}' lacks its closing parenthesis");
                }

                baseCounter = ParseDouble(rest[(paren + 1)..^1], path, lineNo, "base counter value");
                rest = rest[..paren];
            }

            counter = ParseDouble(rest, path, lineNo, "counter frequency");
        }

        double fs = ParseDouble(fsText, path, lineNo, "sampling frequency");
        if (!(fs > 0))
        {
            throw WfdbFormatException.At(path, lineNo, $"sampling frequency {fsText} must be positive");
        }

        return (fs, counter, baseCounter);
    }

    private static WfdbSegmentSpec ParseSegmentLine(string line, string path, int lineNo)
    {
        string[] t = Tokens(line);
        if (t.Length < 2)
        {
            throw WfdbFormatException.At(path, lineNo, $"segment line '{Shorten(line)}' needs a segment name and a length");
        }

        return new WfdbSegmentSpec(t[0], ParseLong(t[1], path, lineNo, "segment length", min: 0), lineNo);
    }

    private static WfdbSignalSpec ParseSignalLine(string line, string path, int lineNo, int index, string recordName)
    {
        string[] t = Tokens(line);
        if (t.Length < 2)
        {
            throw WfdbFormatException.At(path, lineNo, $"signal line '{Shorten(line)}' needs at least a file name and a format");
        }

        string file = t[0];
        (int format, int spf, int skew, long offset) = ParseFormat(t[1], path, lineNo);

        double gain = DefaultGain;
        bool gainDefault = true;
        int? baseline = null;
        string units = "mV";
        if (t.Length > 2)
        {
            (gain, gainDefault, baseline, units) = ParseGain(t[2], path, lineNo);
        }

        int adcRes = t.Length > 3 ? ParseInt(t[3], path, lineNo, "ADC resolution", min: 0) : 0;
        int adcZero = t.Length > 4 ? ParseInt(t[4], path, lineNo, "ADC zero") : 0;
        int? init = t.Length > 5 ? ParseInt(t[5], path, lineNo, "initial value") : null;
        int? checksum = t.Length > 6 ? ParseInt(t[6], path, lineNo, "checksum") : null;
        int blockSize = t.Length > 7 ? ParseInt(t[7], path, lineNo, "block size", min: 0) : 0;
        string description = t.Length > 8 ? DescriptionFrom(line, 8) : $"record {recordName}, signal {index}";
        return new WfdbSignalSpec(file, format, spf, skew, offset, gain, gainDefault, baseline ?? adcZero, units,
            adcRes, adcZero, init, checksum, blockSize, description, lineNo);
    }

    // "212", "16x2", "16:3", "16+24", "16x1+24": format, then x spf, then : skew, then + offset.
    private static (int Format, int Spf, int Skew, long Offset) ParseFormat(string field, string path, int lineNo)
    {
        int pos = 0;
        string Digits()
        {
            int start = pos;
            while (pos < field.Length && char.IsAsciiDigit(field[pos]))
            {
                pos++;
            }

            return field[start..pos];
        }

        string fmt = Digits();
        if (fmt.Length == 0)
        {
            throw WfdbFormatException.At(path, lineNo, $"format '{field}' is not a number");
        }

        int spf = 1, skew = 0;
        long offset = 0;
        foreach (char modifier in "x:+")
        {
            if (pos < field.Length && field[pos] == modifier)
            {
                pos++;
                string d = Digits();
                if (d.Length == 0)
                {
                    throw WfdbFormatException.At(path, lineNo, $"format '{field}': '{modifier}' must be followed by a number");
                }

                switch (modifier)
                {
                    case 'x': spf = Math.Max(1, ParseInt(d, path, lineNo, "samples per frame")); break;
                    case ':': skew = ParseInt(d, path, lineNo, "skew"); break;
                    default: offset = ParseLong(d, path, lineNo, "byte offset", min: 0); break;
                }
            }
        }

        if (pos != field.Length)
        {
            throw WfdbFormatException.At(path, lineNo, $"format '{field}' has unexpected text '{field[pos..]}' (expected FORMAT[xSPF][:SKEW][+OFFSET])");
        }

        return (ParseInt(fmt, path, lineNo, "format"), spf, skew, offset);
    }

    // "200", "1000.0(0)/mV", "1.052e+04/mV", "2000", "200/mV", "0" (= default).
    private static (double Gain, bool Default, int? Baseline, string Units) ParseGain(string field, string path, int lineNo)
    {
        string units = "mV";
        string g = field;
        int slash = g.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            units = g[(slash + 1)..];
            g = g[..slash];
        }

        int? baseline = null;
        int paren = g.IndexOf('(', StringComparison.Ordinal);
        if (paren >= 0)
        {
            if (!g.EndsWith(')'))
            {
                throw WfdbFormatException.At(path, lineNo, $"baseline in gain '{field}' lacks its closing parenthesis");
            }

            baseline = ParseInt(g[(paren + 1)..^1], path, lineNo, "baseline");
            g = g[..paren];
        }

        double gain = ParseDouble(g, path, lineNo, "ADC gain");
        return gain == 0 ? (DefaultGain, true, baseline, units) : (gain, false, baseline, units);
    }

    private static void CheckFileGroups(List<WfdbSignalSpec> signals, string path)
    {
        // Signals sharing a file are interleaved in one byte stream: they must share format and offset.
        foreach (IGrouping<string, WfdbSignalSpec> group in signals.Where(s => s.FileName != "~").GroupBy(s => s.FileName, StringComparer.Ordinal))
        {
            WfdbSignalSpec first = group.First();
            foreach (WfdbSignalSpec s in group.Skip(1))
            {
                if (s.Format != first.Format)
                {
                    throw WfdbFormatException.At(path, s.LineNumber, $"signals in {s.FileName} mix formats {first.Format} and {s.Format}");
                }
            }
        }
    }

    private static string DescriptionFrom(string line, int tokenIndex)
    {
        int pos = 0;
        for (int k = 0; k < tokenIndex; k++)
        {
            while (pos < line.Length && char.IsWhiteSpace(line[pos]))
            {
                pos++;
            }

            while (pos < line.Length && !char.IsWhiteSpace(line[pos]))
            {
                pos++;
            }
        }

        return line[pos..].Trim();
    }

    private static bool IsWfdbTime(string s) => s.Contains(':', StringComparison.Ordinal) && s.All(c => char.IsAsciiDigit(c) || c is ':' or '.');

    private static string[] Tokens(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static int ParseInt(string s, string path, int lineNo, string what, int min = int.MinValue)
    {
        if (!int.TryParse(s, NumberStyles.AllowLeadingSign, Inv, out int v))
        {
            throw WfdbFormatException.At(path, lineNo, $"{what} '{s}' is not an integer");
        }

        return v >= min ? v : throw WfdbFormatException.At(path, lineNo, $"{what} {v} must be at least {min}");
    }

    private static long ParseLong(string s, string path, int lineNo, string what, long min = long.MinValue)
    {
        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, Inv, out long v))
        {
            throw WfdbFormatException.At(path, lineNo, $"{what} '{s}' is not an integer");
        }

        return v >= min ? v : throw WfdbFormatException.At(path, lineNo, $"{what} {v} must be at least {min}");
    }

    private static double ParseDouble(string s, string path, int lineNo, string what)
    {
        if (!double.TryParse(s, NumberStyles.Float, Inv, out double v) || !double.IsFinite(v))
        {
            throw WfdbFormatException.At(path, lineNo, $"{what} '{s}' is not a number");
        }

        return v;
    }

    private static string DescribeCounts(WfdbRecordLine r) =>
        r.SegmentCount is { } n ? $"{n} segment lines" : $"{r.SignalCount} signal lines";

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";
}

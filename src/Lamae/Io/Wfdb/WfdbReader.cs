using Lamae.Io.Mat;

namespace Lamae.Io.Wfdb;

/// <summary>
/// Reads WFDB records (header + signal files, MATLAB v4 `.mat` signal files, multi-segment records of fixed and
/// variable layout) into physical units. Every failure is a <see cref="WfdbFormatException"/> naming the file.
/// </summary>
public static class WfdbReader
{
    /// <summary>The digital value the WFDB library returns for a missing sample (WFDB_INVALID_SAMPLE in wfdb.h).</summary>
    public const int InvalidSample = -32768;

    /// <summary>
    /// Reads frames [<paramref name="from"/>, <paramref name="to"/>) (default: all) of the record at
    /// <paramref name="path"/> ("dir/100" or "dir/100.hea").
    /// </summary>
    public static WfdbRecord Read(string path, long from = 0, long? to = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string headerPath = path.EndsWith(".hea", StringComparison.OrdinalIgnoreCase) ? path : path + ".hea";
        WfdbHeader header = WfdbHeaderParser.ReadFile(headerPath);
        return Read(header, from, to);
    }

    /// <summary>Reads the signals an already parsed header describes.</summary>
    public static WfdbRecord Read(WfdbHeader header, long from = 0, long? to = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header.IsMultiSegment ? ReadMultiSegment(header, from, to) : ReadSingle(header, from, to);
    }

    private static WfdbRecord ReadSingle(WfdbHeader header, long from, long? to)
    {
        var warnings = new List<string>(header.Warnings);
        long total = header.Record.SampleCount is { } n and > 0 ? n : InferFrames(header);
        long end = to ?? total;
        CheckRange(header.Path, from, end, total);
        var signals = new WfdbSignal[header.Signals.Count];
        bool whole = from == 0 && end == total;

        foreach (IGrouping<string, int> group in Enumerable.Range(0, header.Signals.Count).GroupBy(i => header.Signals[i].FileName, StringComparer.Ordinal))
        {
            int[] members = [.. group];
            if (group.Key == "~" || header.Signals[members[0]].Format == 0)
            {
                foreach (int i in members)
                {
                    WfdbSignalSpec s = header.Signals[i];
                    var nan = new float[(end - from) * s.SamplesPerFrame];
                    Array.Fill(nan, float.NaN);
                    signals[i] = new WfdbSignal(s, nan, ChecksumStatus.NotChecked, nan.Length);
                }

                continue;
            }

            ReadFileGroup(header, members, total, from, end, whole, signals, warnings);
        }

        return new WfdbRecord(header, signals, from, end - from, warnings);
    }

    // Signals that share one file are interleaved frame by frame: per frame, each signal's samples-per-frame
    // samples in header order. The packed formats (212, 310, 311) pack that whole stream, across signals.
    private static void ReadFileGroup(WfdbHeader header, int[] members, long total, long from, long end, bool whole,
        WfdbSignal[] signals, List<string> warnings)
    {
        WfdbSignalSpec first = header.Signals[members[0]];
        string file = Path.Combine(header.Directory, first.FileName);
        int format = first.Format;
        if (!WfdbSignalFormat.IsSupported(format))
        {
            throw WfdbFormatException.At(header.Path, first.LineNumber, WfdbSignalFormat.Describe(format));
        }

        if (!File.Exists(file))
        {
            throw WfdbFormatException.At(header.Path, first.LineNumber, $"signal file {first.FileName} not found (looked for {file})");
        }

        long offset = first.ByteOffset;
        long fileLength = new FileInfo(file).Length;
        int frameSize = members.Sum(i => header.Signals[i].SamplesPerFrame);
        if (file.EndsWith(".mat", StringComparison.OrdinalIgnoreCase))
        {
            offset = CheckMatFile(file, first, frameSize, total, offset, warnings, header.Path);
        }

        int maxSkew = members.Max(i => header.Signals[i].SkewFrames);
        long availableFrames = fileLength <= offset ? 0 : WfdbSignalFormat.SamplesIn(format, fileLength - offset) / frameSize;
        if (availableFrames < total)
        {
            throw WfdbFormatException.At(file, null,
                $"holds {availableFrames} frames but the header ({Path.GetFileName(header.Path)}) says {total}: the file is truncated or the header is wrong");
        }

        // Decode only the frames asked for (plus the largest skew), unless the checksum needs the whole signal or
        // format 8's differences must be summed from sample 0.
        long firstFrame = whole || format == 8 ? 0 : from;
        long frames = Math.Min(end + maxSkew, availableFrames) - firstFrame;
        (int[] stream, int lead) = ReadStream(file, format, offset, firstFrame * frameSize, frames * frameSize);
        int? invalid = WfdbSignalFormat.InvalidValue(format);

        int column = 0;
        foreach (int i in members)
        {
            WfdbSignalSpec s = header.Signals[i];
            int spf = s.SamplesPerFrame;
            // The signal's own samples in file order (before skew), from frame firstFrame: frame f, k-th sample at
            // lead + f * frameSize + column + k of the stream.
            var own = new int[frames * spf];
            if (spf == 1)
            {
                // The common case (every ECG format in practice): a strided gather, no call per frame.
                long src = lead + column;
                for (long f = 0; f < frames; f++, src += frameSize)
                {
                    own[f] = stream[src];
                }
            }
            else
            {
                for (long f = 0; f < frames; f++)
                {
                    Array.Copy(stream, lead + (f * frameSize) + column, own, f * spf, spf);
                }
            }

            column += spf;
            if (format == 8)
            {
                // First differences: sample n = start value + sum of the first n + 1 differences (getskewedframe).
                int acc = s.StartValue;
                for (long k = 0; k < own.Length; k++)
                {
                    acc += own[k];
                    own[k] = acc;
                }
            }

            ChecksumStatus checksum = CompareChecksum(s, own, total * spf, whole);
            if (checksum == ChecksumStatus.Mismatch)
            {
                warnings.Add($"{file}: checksum mismatch for signal {s.Description} (header line {s.LineNumber})");
            }

            // Skew: the signal's samples of frame f are stored in frame f + SkewFrames.
            long count = (end - from) * spf;
            var physical = new float[count];
            var digital = new int[count];
            int nanCount = 0;
            double gain = s.AdcGain, baseline = s.Baseline;
            bool hasInvalid = invalid.HasValue;
            int bad = invalid ?? 0;
            long shift = (from - firstFrame + s.SkewFrames) * spf;
            for (long k = 0; k < count; k++)
            {
                long src = shift + k;
                if (src >= own.Length || (hasInvalid && own[src] == bad))
                {
                    physical[k] = float.NaN;
                    digital[k] = invalid ?? InvalidSample;
                    nanCount++;
                }
                else
                {
                    physical[k] = (float)((own[src] - baseline) / gain);
                    digital[k] = own[src];
                }
            }

            signals[i] = new WfdbSignal(s, physical, checksum, nanCount, digital);
        }
    }

    // Reads and decodes samples [first, first + count) of the file's interleaved stream. Packed formats start on a
    // whole group (2 samples in 3 bytes for 212, 3 in 4 for 310 and 311), so the stream may begin up to 2 samples
    // early: lead says how many.
    private static (int[] Stream, int Lead) ReadStream(string file, int format, long offset, long first, long count)
    {
        int group = format switch { 212 => 2, 310 or 311 => 3, _ => 1 };
        int lead = (int)(first % group);
        long samples = count + lead;
        if (samples > int.MaxValue)
        {
            throw WfdbFormatException.At(file, null, $"{samples} samples are more than one read can hold; read a range of frames");
        }

        var bytes = new byte[WfdbSignalFormat.BytesFor(format, samples)];
        using (FileStream fs = File.OpenRead(file))
        {
            fs.Seek(offset + WfdbSignalFormat.BytesFor(format, first - lead), SeekOrigin.Begin);
            fs.ReadExactly(bytes);
        }

        var stream = new int[samples];
        WfdbSignalFormat.Decode(format, bytes, stream);
        return (stream, lead);
    }

    private static ChecksumStatus CompareChecksum(WfdbSignalSpec s, int[] own, long samples, bool whole)
    {
        if (s.Checksum is not { } expected)
        {
            return ChecksumStatus.NotGiven;
        }

        if (!whole)
        {
            return ChecksumStatus.NotChecked;
        }

        int sum = 0;
        for (long k = 0; k < samples; k++)
        {
            sum += own[k];
        }

        return (sum & 0xFFFF) == (expected & 0xFFFF) ? ChecksumStatus.Match : ChecksumStatus.Mismatch;
    }

    // wfdb2mat writes one row per sample of a frame (a signal with 2 samples per frame takes 2 rows), one column per
    // frame, in the storage the header's format names.
    private static long CheckMatFile(string file, WfdbSignalSpec first, int frameSize, long total, long offset, List<string> warnings, string headerPath)
    {
        Span<byte> head = stackalloc byte[128];
        int read;
        using (FileStream fs = File.OpenRead(file))
        {
            read = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        MatV4Matrix m = MatV4Matrix.ReadHeader(head[..read], file);
        if (!m.Holds(first.Format))
        {
            throw WfdbFormatException.At(file, null,
                $"MAT matrix '{m.Name}' holds {m.Precision}{(m.BigEndian ? " big-endian" : string.Empty)} values but the header says format {first.Format}; expected int16 for format 16 (61 if big-endian), int32 for 32, uint8 for 80");
        }

        if (m.Rows != frameSize)
        {
            throw WfdbFormatException.At(file, null, $"MAT matrix '{m.Name}' has {m.Rows} rows but the header puts {frameSize} samples per frame in it");
        }

        if (m.Columns < total)
        {
            throw WfdbFormatException.At(file, null, $"MAT matrix '{m.Name}' has {m.Columns} samples but the header says {total}: truncated or wrong header");
        }

        if (offset != m.DataOffset)
        {
            warnings.Add($"{headerPath}:{first.LineNumber}: byte offset {offset} for {first.FileName}, but its MAT data starts at {m.DataOffset}; used {m.DataOffset}");
        }

        return m.DataOffset;
    }

    // A header without a sample count: the length follows from the first signal file's size.
    private static long InferFrames(WfdbHeader header)
    {
        WfdbSignalSpec? first = header.Signals.FirstOrDefault(s => s.FileName != "~" && s.Format != 0);
        if (first is null)
        {
            return 0;
        }

        string file = Path.Combine(header.Directory, first.FileName);
        if (!File.Exists(file))
        {
            throw WfdbFormatException.At(header.Path, first.LineNumber, $"signal file {first.FileName} not found (looked for {file})");
        }

        if (!WfdbSignalFormat.IsSupported(first.Format))
        {
            throw WfdbFormatException.At(header.Path, first.LineNumber, WfdbSignalFormat.Describe(first.Format));
        }

        int frameSize = header.Signals.Where(s => s.FileName == first.FileName).Sum(s => s.SamplesPerFrame);
        long length = new FileInfo(file).Length - first.ByteOffset;
        return Math.Max(0, WfdbSignalFormat.SamplesIn(first.Format, length) / frameSize);
    }

    private static void CheckRange(string path, long from, long end, long total)
    {
        if (from < 0 || end < from || end > total)
        {
            throw WfdbFormatException.At(path, null, $"cannot read frames {from} to {end}: the record has {total}");
        }
    }

    private static WfdbRecord ReadMultiSegment(WfdbHeader master, long from, long? to)
    {
        var warnings = new List<string>(master.Warnings);
        IReadOnlyList<WfdbSegmentSpec> segs = master.Segments;
        long total = master.Record.SampleCount is { } n and > 0 ? n : segs.Sum(s => s.SampleCount);
        long end = to ?? total;
        CheckRange(master.Path, from, end, total);

        // Variable layout: the first segment has length 0 and names the layout header that lists every signal.
        bool variable = segs.Count > 0 && segs[0].SampleCount == 0 && !segs[0].IsGap;
        WfdbHeader layout = variable
            ? SegmentHeader(master, segs[0])
            : SegmentHeader(master, segs.FirstOrDefault(s => !s.IsGap) ?? throw WfdbFormatException.At(master.Path, null, "every segment is a gap"));
        IReadOnlyList<WfdbSignalSpec> specs = layout.Signals;

        long count = end - from;
        var physical = specs.Select(s => new float[count * s.SamplesPerFrame]).ToArray();
        var nans = new int[specs.Count];
        long start = 0;
        foreach (WfdbSegmentSpec seg in segs)
        {
            long segStart = start, segEnd = start + seg.SampleCount;
            start = segEnd;
            long a = Math.Max(from, segStart), b = Math.Min(end, segEnd);
            if (b <= a || (variable && seg == segs[0]))
            {
                continue;
            }

            WfdbRecord? part = null;
            if (!seg.IsGap)
            {
                try
                {
                    part = Read(SegmentHeader(master, seg), a - segStart, b - segStart);
                }
                catch (WfdbFormatException ex)
                {
                    throw WfdbFormatException.At(master.Path, seg.LineNumber,
                        $"segment {seg.Name} (frames {segStart}-{segEnd}) cannot be read: {ex.Message}", ex);
                }

                warnings.AddRange(part.Warnings);
            }

            for (int i = 0; i < specs.Count; i++)
            {
                int spf = specs[i].SamplesPerFrame;
                Span<float> dst = physical[i].AsSpan((int)((a - from) * spf), (int)((b - a) * spf));
                WfdbSignal? src = part is null ? null
                    : variable ? part.Signals.FirstOrDefault(s => s.Name == specs[i].Description)
                    : i < part.Signals.Count ? part.Signals[i] : null;
                if (src is not null && src.Physical.Length != dst.Length)
                {
                    // A segment may not change a signal's samples per frame: the record's arrays have one layout.
                    warnings.Add($"{master.Path}:{seg.LineNumber}: segment {seg.Name} gives signal {specs[i].Description} {src.Spec.SamplesPerFrame} samples per frame, not {spf}; read as missing");
                    src = null;
                }

                if (src is null)
                {
                    dst.Fill(float.NaN);
                    nans[i] += dst.Length;
                }
                else
                {
                    src.Physical.CopyTo(dst);
                    nans[i] += src.NaNCount;
                }
            }
        }

        var signals = specs.Select((s, i) => new WfdbSignal(s, physical[i], ChecksumStatus.NotChecked, nans[i])).ToList();
        return new WfdbRecord(master, signals, from, count, warnings);
    }

    private static WfdbHeader SegmentHeader(WfdbHeader master, WfdbSegmentSpec seg)
    {
        string path = Path.Combine(master.Directory, seg.Name + ".hea");
        try
        {
            return WfdbHeaderParser.ReadFile(path);
        }
        catch (WfdbFormatException ex)
        {
            throw WfdbFormatException.At(master.Path, seg.LineNumber, $"segment {seg.Name}: {ex.Message}", ex);
        }
    }
}

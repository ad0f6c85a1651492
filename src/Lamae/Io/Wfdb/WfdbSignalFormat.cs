using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Lamae.Io.Wfdb;

/// <summary>
/// The WFDB signal storage formats (`signal(5)`): how many bits a sample takes, the invalid-sample sentinel,
/// and decoding a byte stream into samples in file order. Bit layouts follow the WFDB library and wfdb-python.
/// </summary>
public static class WfdbSignalFormat
{
    /// <summary>The formats this reader decodes.</summary>
    public static readonly IReadOnlyList<int> Supported = [8, 16, 24, 32, 61, 80, 160, 212, 310, 311];

    /// <summary>Whether <paramref name="format"/> can be decoded.</summary>
    public static bool IsSupported(int format) => Supported.Contains(format);

    /// <summary>Bits per stored sample.</summary>
    public static int BitsPerSample(int format) => format switch
    {
        8 or 80 => 8,
        16 or 61 or 160 => 16,
        24 => 24,
        32 => 32,
        212 => 12,
        310 or 311 => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, Describe(format)),
    };

    /// <summary>The digital value that marks a missing sample (WFDB's invalid-sample value), or null (format 8 has none).</summary>
    public static int? InvalidValue(int format) => format switch
    {
        8 => null,
        80 => -(1 << 7),
        310 or 311 => -(1 << 9),
        212 => -(1 << 11),
        16 or 61 or 160 => -(1 << 15),
        24 => -(1 << 23),
        32 => int.MinValue,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, Describe(format)),
    };

    /// <summary>Bytes needed to hold <paramref name="samples"/> samples (packed formats round up to whole bytes).</summary>
    public static long BytesFor(int format, long samples) => format switch
    {
        212 => ((samples * 3) + 1) / 2,
        // A partial group of 1 sample takes 2 bytes; of 2 samples, 4 bytes in 310 (s1 sits in bytes 2-3) and 3 in 311.
        310 => (samples / 3 * 4) + (samples % 3) switch { 1 => 2, 2 => 4, _ => 0 },
        311 => (samples / 3 * 4) + (samples % 3) switch { 1 => 2, 2 => 3, _ => 0 },
        _ => samples * (BitsPerSample(format) / 8),
    };

    /// <summary>Whole samples held by <paramref name="bytes"/> bytes.</summary>
    public static long SamplesIn(int format, long bytes) => format switch
    {
        212 => (bytes * 2) / 3,
        310 => (bytes / 4 * 3) + (bytes % 4 >= 2 ? 1 : 0),
        311 => (bytes / 4 * 3) + (bytes % 4) switch { 2 => 1, 3 => 2, _ => 0 },
        _ => bytes / (BitsPerSample(format) / 8),
    };

    /// <summary>Why a format is not read, for error messages.</summary>
    public static string Describe(int format) => format switch
    {
        508 or 516 or 524 => $"format {format} (FLAC-compressed) is not supported; convert the record with WFDB's 'xform -O 16'",
        0 => "format 0 is a null signal with no samples",
        _ => $"format {format} is not a WFDB signal format this reader knows (supported: {string.Join(", ", Supported)})",
    };

    /// <summary>
    /// Decodes <paramref name="samples"/>.Length samples of <paramref name="format"/> from <paramref name="bytes"/>
    /// (file order; format 8 yields the raw first differences, which the reader integrates per signal).
    /// </summary>
    public static void Decode(int format, ReadOnlySpan<byte> bytes, Span<int> samples)
    {
        long need = BytesFor(format, samples.Length);
        if (bytes.Length < need)
        {
            throw new ArgumentException($"{samples.Length} samples of format {format} need {need} bytes, got {bytes.Length}", nameof(bytes));
        }

        switch (format)
        {
            case 16: Decode16(MemoryMarshal.Cast<byte, short>(bytes[..(samples.Length * 2)]), samples); break;
            case 61: for (int i = 0; i < samples.Length; i++) { samples[i] = BinaryPrimitives.ReadInt16BigEndian(bytes[(2 * i)..]); } break;
            case 160: for (int i = 0; i < samples.Length; i++) { samples[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]) - 32768; } break;
            case 8: for (int i = 0; i < samples.Length; i++) { samples[i] = (sbyte)bytes[i]; } break;
            case 80: for (int i = 0; i < samples.Length; i++) { samples[i] = bytes[i] - 128; } break;
            case 24: for (int i = 0; i < samples.Length; i++) { int o = 3 * i; samples[i] = (bytes[o] | (bytes[o + 1] << 8) | ((sbyte)bytes[o + 2] << 16)); } break;
            case 32: MemoryMarshal.Cast<byte, int>(bytes[..(samples.Length * 4)]).CopyTo(samples); break;
            case 212: Decode212(bytes, samples); break;
            case 310: Decode310(bytes, samples); break;
            case 311: Decode311(bytes, samples); break;
            default: throw new ArgumentOutOfRangeException(nameof(format), format, Describe(format));
        }
    }

    /// <summary>Encodes samples into <paramref name="bytes"/> (formats 16 and 212, which the writer produces).</summary>
    public static void Encode(int format, ReadOnlySpan<int> samples, Span<byte> bytes)
    {
        switch (format)
        {
            case 16:
                for (int i = 0; i < samples.Length; i++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(bytes[(2 * i)..], checked((short)samples[i]));
                }

                break;
            case 212:
                for (int i = 0; i < samples.Length; i += 2)
                {
                    int a = samples[i] & 0xFFF;
                    int b = i + 1 < samples.Length ? samples[i + 1] & 0xFFF : 0;
                    int o = i / 2 * 3;
                    bytes[o] = (byte)a;
                    bytes[o + 1] = (byte)((a >> 8) | ((b >> 8) << 4));
                    if (i + 1 < samples.Length)
                    {
                        bytes[o + 2] = (byte)b;
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "the writer produces formats 16 and 212 only");
        }
    }

    private static void Decode16(ReadOnlySpan<short> src, Span<int> dst)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            ReadOnlySpan<Vector256<short>> vin = MemoryMarshal.Cast<short, Vector256<short>>(src);
            Span<Vector256<int>> vout = MemoryMarshal.Cast<int, Vector256<int>>(dst);
            for (int v = 0; v < vin.Length; v++)
            {
                (Vector256<int> lo, Vector256<int> hi) = Vector256.Widen(vin[v]);
                vout[2 * v] = lo;
                vout[(2 * v) + 1] = hi;
            }

            i = vin.Length * Vector256<short>.Count;
        }

        for (; i < src.Length; i++)
        {
            dst[i] = BitConverter.IsLittleEndian ? src[i] : BinaryPrimitives.ReverseEndianness(src[i]);
        }
    }

    // Two 12-bit samples in three bytes: s0 = b0 | (b1 & 0x0F) << 8, s1 = b2 | (b1 & 0xF0) << 4.
    private static void Decode212(ReadOnlySpan<byte> b, Span<int> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int o = i / 2 * 3;
            int v = (i & 1) == 0 ? b[o] | ((b[o + 1] & 0x0F) << 8) : b[o + 2] | ((b[o + 1] & 0xF0) << 4);
            s[i] = (v << 20) >> 20;   // sign-extend 12 bits
        }
    }

    // Three 10-bit samples in two little-endian 16-bit words w0, w1: s0 = bits 1-10 of w0, s1 = bits 1-10 of w1,
    // s2 = bits 11-15 of w0 (low five) and of w1 (high five).
    private static void Decode310(ReadOnlySpan<byte> b, Span<int> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int o = i / 3 * 4;
            int v = (i % 3) switch
            {
                0 => (b[o] >> 1) | ((b[o + 1] & 0x07) << 7),
                1 => (b[o + 2] >> 1) | ((b[o + 3] & 0x07) << 7),
                _ => ((b[o + 1] >> 3) & 0x1F) | (((b[o + 3] >> 3) & 0x1F) << 5),
            };
            s[i] = (v << 22) >> 22;   // sign-extend 10 bits
        }
    }

    // Three 10-bit samples in one little-endian 32-bit word: bits 0-9, 10-19, 20-29.
    private static void Decode311(ReadOnlySpan<byte> b, Span<int> s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int o = i / 3 * 4;
            int v = (i % 3) switch
            {
                0 => b[o] | ((b[o + 1] & 0x03) << 8),
                1 => (b[o + 1] >> 2) | ((b[o + 2] & 0x0F) << 6),
                _ => (b[o + 2] >> 4) | ((b[o + 3] & 0x3F) << 4),
            };
            s[i] = (v << 22) >> 22;
        }
    }
}

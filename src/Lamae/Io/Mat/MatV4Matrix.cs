using System.Buffers.Binary;
using System.Text;
using Lamae.Io.Wfdb;

namespace Lamae.Io.Mat;

/// <summary>Storage precision of a MATLAB v4 matrix (the P digit of its MOPT type code).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The MAT v4 specification's names for its precisions.")]
public enum MatV4Precision
{
    Double = 0,
    Single = 1,
    Int32 = 2,
    Int16 = 3,
    UInt16 = 4,
    UInt8 = 5,
}

/// <summary>
/// The header of the first matrix in a MATLAB v4 `.mat` file (the format of CinC Challenge signal files such as
/// `a103l.mat` and the 2020/2021 `.mat` files: one matrix `val`, signals x samples, stored column-major, so each
/// column is one frame). Layout: int32 type (MOPT), rows, columns, imaginary flag, name length; the name; the data.
/// </summary>
/// <param name="BigEndian">Whether numbers are big-endian (M = 1).</param>
/// <param name="Precision">Element type.</param>
/// <param name="Rows">Rows (signals).</param>
/// <param name="Columns">Columns (samples).</param>
/// <param name="Name">Variable name (`val` in WFDB/CinC files).</param>
/// <param name="DataOffset">Byte offset of the first element.</param>
public sealed record MatV4Matrix(bool BigEndian, MatV4Precision Precision, int Rows, int Columns, string Name, int DataOffset)
{
    /// <summary>Bytes one element takes.</summary>
    public int ElementSize => Precision switch
    {
        MatV4Precision.Double => 8,
        MatV4Precision.Single or MatV4Precision.Int32 => 4,
        MatV4Precision.Int16 or MatV4Precision.UInt16 => 2,
        _ => 1,
    };

    /// <summary>
    /// Whether the elements are stored as WFDB signal <paramref name="format"/> stores samples, so that the format's
    /// decoder reads the matrix: 16 (int16 little-endian), 61 (int16 big-endian), 32 (int32 little-endian), 80 (uint8;
    /// WFDB's offset binary is uint8 minus 128). wfdb2mat writes 16, 32 or 80 depending on the ADC resolution.
    /// </summary>
    public bool Holds(int format) => (format, Precision, BigEndian) switch
    {
        (16, MatV4Precision.Int16, false) => true,
        (61, MatV4Precision.Int16, true) => true,
        (32, MatV4Precision.Int32, false) => true,
        (80, MatV4Precision.UInt8, _) => true,
        _ => false,
    };

    /// <summary>Reads the matrix header at the start of <paramref name="bytes"/>; errors name <paramref name="path"/>.</summary>
    public static MatV4Matrix ReadHeader(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < 20)
        {
            throw WfdbFormatException.At(path, null, $"MAT v4 file too short for a matrix header ({bytes.Length} bytes, need 20)");
        }

        int type = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        bool big = false;
        if (type is < 0 or > 9999)
        {
            type = BinaryPrimitives.ReadInt32BigEndian(bytes);
            big = true;
        }

        int m = type / 1000, o = type / 100 % 10, p = type / 10 % 10, t = type % 10;
        if (type is < 0 or > 4999 || o != 0 || m > 1 || p > 5 || (big && m != 1) || (!big && m != 0))
        {
            throw WfdbFormatException.At(path, null, $"not a MATLAB v4 matrix (type code {type}); MAT v5/v7 files are not WFDB signal files");
        }

        if (t != 0)
        {
            throw WfdbFormatException.At(path, null, $"MAT v4 matrix is not a full numeric matrix (type digit {t})");
        }

        int rows = Int32At(bytes, 4, big), cols = Int32At(bytes, 8, big), imag = Int32At(bytes, 12, big), nameLength = Int32At(bytes, 16, big);
        if (rows < 0 || cols < 0 || nameLength is < 1 or > 64 || 20 + nameLength > bytes.Length)
        {
            throw WfdbFormatException.At(path, null, $"MAT v4 header is damaged (rows {rows}, columns {cols}, name length {nameLength})");
        }

        if (imag != 0)
        {
            throw WfdbFormatException.At(path, null, "MAT v4 matrix is complex; ECG signals are real");
        }

        string name = Encoding.ASCII.GetString(bytes.Slice(20, nameLength)).TrimEnd('\0');
        return new MatV4Matrix(big, (MatV4Precision)p, rows, cols, name, 20 + nameLength);
    }

    private static int Int32At(ReadOnlySpan<byte> bytes, int at, bool big) =>
        big ? BinaryPrimitives.ReadInt32BigEndian(bytes[at..]) : BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
}

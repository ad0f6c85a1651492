using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lamae.Common;

namespace Lamae.Evaluation;

/// <summary>
/// NumPy's .npy format (numpy.lib.format, version 1.0) for 2-D float32 arrays in C order: the magic "\x93NUMPY", the
/// version 1.0, a little-endian uint16 header length, an ASCII dict padded with spaces and ending in a newline so the
/// data starts 64-byte aligned, then the values little-endian. <c>numpy.load</c> reads it with no Lamae code.
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int Alignment = 64;  // numpy.lib.format.ARRAY_ALIGN

    /// <summary>Writes <paramref name="values"/> (row-major, <paramref name="rows"/> x <paramref name="columns"/>) atomically.</summary>
    public static void Write(string path, float[] values, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(values);
        if ((long)rows * columns != values.Length)
        {
            throw new ArgumentException($"{values.Length} values are not {rows} x {columns}", nameof(values));
        }

        string dict = string.Create(CultureInfo.InvariantCulture, $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {columns}), }}");
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        string header = dict + new string(' ', (Alignment - (unpadded % Alignment)) % Alignment) + "\n";
        AtomicFile.Write(path, stream =>
        {
            stream.Write(Magic);
            stream.Write([1, 0]);
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
            stream.Write(length);
            stream.Write(Encoding.ASCII.GetBytes(header));
            byte[] buffer = new byte[columns * sizeof(float)];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(c * sizeof(float)), values[(r * columns) + c]);
                }

                stream.Write(buffer);
            }
        });
    }

    /// <summary>Reads a 2-D little-endian float32 C-order .npy file; anything else is refused with one line naming the file.</summary>
    public static (float[] Values, int Rows, int Columns) Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LamaeException($"{path}: cannot be read ({ex.Message})", ex);
        }

        if (bytes.Length < 10 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic) || bytes[6] != 1)
        {
            throw new LamaeException($"{path}: not a version 1.0 .npy file");
        }

        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        if (10 + headerLength > bytes.Length)
        {
            throw new LamaeException($"{path}: .npy header runs past the end of the file; the file is damaged");
        }

        string header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Match m = HeaderPattern().Match(header);
        if (!m.Success)
        {
            throw new LamaeException($"{path}: holds {header.Trim()}, not a 2-D little-endian float32 array in C order");
        }

        int rows = int.Parse(m.Groups["rows"].Value, CultureInfo.InvariantCulture), columns = int.Parse(m.Groups["columns"].Value, CultureInfo.InvariantCulture);
        int start = 10 + headerLength;
        if ((long)rows * columns * sizeof(float) != bytes.Length - start)
        {
            throw new LamaeException($"{path}: {bytes.Length - start} data bytes for a {rows} x {columns} float32 array; the file is truncated or damaged");
        }

        var values = new float[rows * columns];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + (i * sizeof(float))));
        }

        return (values, rows, columns);
    }

    [GeneratedRegex(@"^\{'descr': '<f4', 'fortran_order': False, 'shape': \((?<rows>\d+), (?<columns>\d+)\), \}\s*$")]
    private static partial Regex HeaderPattern();
}

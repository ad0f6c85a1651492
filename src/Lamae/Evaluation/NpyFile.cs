using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Lamae.Common;
using Lamae.Io.Npy;

namespace Lamae.Evaluation;

/// <summary>
/// NumPy's .npy format (numpy.lib.format, version 1.0) for 2-D float32 arrays in C order, as written here: the magic "\x93NUMPY", the
/// version 1.0, a little-endian uint16 header length, an ASCII dict padded with spaces and ending in a newline so the
/// data starts 64-byte aligned, then the values little-endian. <c>numpy.load</c> reads it with no Lamae code.
/// </summary>
public static class NpyFile
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

    /// <summary>Reads a 2-D float32 .npy file (any byte order or memory order, via <see cref="NpyArray"/>); anything else is refused with one line naming the file.</summary>
    public static (float[] Values, int Rows, int Columns) Read(string path)
    {
        NpyArray array;
        try
        {
            array = NpyArray.Read(path);
        }
        catch (NpyFormatException ex)
        {
            throw new LamaeException(ex.Message, ex);
        }

        if (array.Dtype != NpyDtype.Float32 || array.Shape.Count != 2)
        {
            throw new LamaeException($"{path}: holds a {array.Dtype.NumpyName()} array of shape {array.Header.ShapeText}, not a 2-D float32 array");
        }

        return (array.ToSingles(), array.Shape[0], array.Shape[1]);
    }
}

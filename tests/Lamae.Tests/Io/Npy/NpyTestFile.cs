using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Lamae.Tests.Io.Npy;

/// <summary>
/// Writes small .npy files for tests, byte by byte as numpy.lib.format version 1.0 lays them out (checked against files
/// NumPy wrote in <see cref="NpyArrayTests"/>), including ones NumPy would refuse to write, for the bad-input tests.
/// </summary>
internal static class NpyTestFile
{
    /// <summary>Writes <paramref name="values"/> (C order of <paramref name="shape"/>) as <paramref name="descr"/> ('&lt;f2', '&lt;f4', '&lt;f8', '&lt;i2').</summary>
    public static void Write(string path, string descr, int[] shape, double[] values, bool fortran = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        byte[] data = Encode(descr, shape, values, fortran);
        File.WriteAllBytes(path, [.. Header(descr, shape, fortran), .. data]);
    }

    /// <summary>The magic, version 1.0, length and the header dict padded to 64 bytes, as numpy.save writes them.</summary>
    public static byte[] Header(string descr, int[] shape, bool fortran = false)
    {
        string shapeText = shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        string dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shapeText}, }}";
        int unpadded = 10 + dict.Length + 1;
        string header = dict + new string(' ', (64 - (unpadded % 64)) % 64) + "\n";
        byte[] prefix = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)(header.Length & 0xff), (byte)(header.Length >> 8)];
        return [.. prefix, .. Encoding.ASCII.GetBytes(header)];
    }

    private static byte[] Encode(string descr, int[] shape, double[] values, bool fortran)
    {
        int size = int.Parse(descr[2..], CultureInfo.InvariantCulture);
        bool big = descr[0] == '>';
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            // Fortran order of a 2-D array: element (r, c) stored at c * rows + r.
            int at = fortran ? ((i % shape[1]) * shape[0]) + (i / shape[1]) : i;
            Span<byte> b = bytes.AsSpan(at * size, size);
            double v = values[i];
            switch (descr[1..])
            {
                case "f2":
                    BinaryPrimitives.WriteHalfLittleEndian(b, (Half)v);
                    break;
                case "f4":
                    BinaryPrimitives.WriteSingleLittleEndian(b, (float)v);
                    break;
                case "f8":
                    BinaryPrimitives.WriteDoubleLittleEndian(b, v);
                    break;
                case "i2":
                    BinaryPrimitives.WriteInt16LittleEndian(b, checked((short)v));
                    break;
                default:
                    throw new ArgumentException($"no test encoding for {descr}", nameof(descr));
            }

            if (big)
            {
                b.Reverse();
            }
        }

        return bytes;
    }
}

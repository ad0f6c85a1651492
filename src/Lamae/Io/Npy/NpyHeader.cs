using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Lamae.Io.Npy;

/// <summary>
/// The header of a .npy file (numpy.lib.format): the magic "\x93NUMPY", a version (1.0 with a uint16 header length;
/// 2.0 and 3.0 with a uint32), then a Python dict literal giving 'descr' (type and byte order), 'fortran_order' and
/// 'shape'. The data follow at <see cref="DataOffset"/>.
/// </summary>
/// <param name="Dtype">Element type.</param>
/// <param name="BigEndian">Whether the elements are stored big-endian ('&gt;' in the descr).</param>
/// <param name="FortranOrder">Whether the elements are stored in column-major (Fortran) order.</param>
/// <param name="Shape">The array's shape, outermost axis first.</param>
/// <param name="DataOffset">Byte offset of the first element.</param>
public sealed partial record NpyHeader(NpyDtype Dtype, bool BigEndian, bool FortranOrder, IReadOnlyList<int> Shape, int DataOffset)
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Number of elements (the product of the shape; 1 for a 0-d array).</summary>
    public long Count => Shape.Aggregate(1L, (n, d) => n * d);

    /// <summary>Bytes the data must hold.</summary>
    public long DataBytes => Count * Dtype.Size();

    /// <summary>The shape as NumPy prints it: "(1000, 12)".</summary>
    public string ShapeText => Shape.Count == 1 ? $"({Shape[0]},)" : $"({string.Join(", ", Shape)})";

    /// <summary>Reads only the header of <paramref name="path"/> (no data); <see cref="NpyFormatException"/> naming the file otherwise.</summary>
    public static NpyHeader Read(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            byte[] prefix = new byte[12];
            int got = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
            int length = HeaderLength(path, prefix.AsSpan(0, got), out int start);
            byte[] header = new byte[length];
            stream.Position = start;
            if (stream.ReadAtLeast(header, length, throwOnEndOfStream: false) < length)
            {
                throw new NpyFormatException($"{path}: the .npy header runs past the end of the file; the file is truncated or damaged");
            }

            return Parse(path, Encoding.ASCII.GetString(header), start + length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NpyFormatException($"{path}: cannot be read ({ex.Message})", ex);
        }
    }

    /// <summary>Parses the header at the start of <paramref name="bytes"/>, the whole file's contents.</summary>
    public static NpyHeader Parse(string path, ReadOnlySpan<byte> bytes)
    {
        int length = HeaderLength(path, bytes, out int start);
        if ((long)start + length > bytes.Length)
        {
            throw new NpyFormatException($"{path}: the .npy header runs past the end of the file; the file is truncated or damaged");
        }

        return Parse(path, Encoding.ASCII.GetString(bytes.Slice(start, length)), start + length);
    }

    // The header dict's length and where it starts, from the magic and version.
    private static int HeaderLength(string path, ReadOnlySpan<byte> prefix, out int start)
    {
        if (prefix.Length < 10 || !prefix[..Magic.Length].SequenceEqual(Magic))
        {
            throw new NpyFormatException($"{path}: not a .npy file (it does not start with NumPy's magic \\x93NUMPY)");
        }

        switch (prefix[6])
        {
            case 1:
                start = 10;
                return BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
            case 2 or 3 when prefix.Length >= 12:
                start = 12;
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
                return length <= int.MaxValue ? (int)length
                    : throw new NpyFormatException($"{path}: a .npy header of {length} bytes; the file is damaged");
            default:
                throw new NpyFormatException($"{path}: .npy format version {prefix[6]}.{prefix[7]}; Lamae reads versions 1.0, 2.0 and 3.0");
        }
    }

    private static NpyHeader Parse(string path, string dict, int dataOffset)
    {
        string text = dict.Trim();
        Match descr = DescrPattern().Match(text), fortran = FortranPattern().Match(text), shape = ShapePattern().Match(text);
        if (!text.StartsWith('{') || !descr.Success || !fortran.Success || !shape.Success)
        {
            throw new NpyFormatException($"{path}: the .npy header '{Clip(text)}' lacks 'descr', 'fortran_order' or 'shape'; the file is damaged");
        }

        string d = descr.Groups["v"].Value.Trim('\'', '"');
        if (NpyDtypes.Parse(d) is not { } type)
        {
            throw new NpyFormatException($"{path}: unsupported dtype '{d}'; Lamae reads float16, float32, float64 and int16 arrays ('<f2', '<f4', '<f8', '<i2')");
        }

        var dims = new List<int>();
        foreach (string part in shape.Groups["v"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                throw new NpyFormatException($"{path}: shape ({shape.Groups["v"].Value}) in the .npy header is not a tuple of sizes; the file is damaged");
            }

            dims.Add(n);
        }

        return new NpyHeader(type.Dtype, type.BigEndian, fortran.Groups["v"].Value == "True", dims, dataOffset);
    }

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "...";

    // A descr is a quoted type string, or a list of fields for a structured array (which Lamae does not read).
    [GeneratedRegex(@"['""]descr['""]\s*:\s*(?<v>'[^']*'|""[^""]*""|\[[^\]]*\])")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(?<v>True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\((?<v>[^)]*)\)")]
    private static partial Regex ShapePattern();
}

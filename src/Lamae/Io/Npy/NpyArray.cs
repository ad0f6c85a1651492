using System.Buffers.Binary;

namespace Lamae.Io.Npy;

/// <summary>
/// A whole .npy array in memory: its <see cref="NpyHeader"/> and its elements, read back in C (row-major) order of
/// <see cref="Shape"/> whatever the file's byte order or Fortran flag. Types: float16, float32, float64, int16.
/// </summary>
public sealed class NpyArray
{
    private readonly byte[] data;   // the file's element bytes, in the file's order
    private readonly long[] fortranStrides;  // elements between neighbours along each axis in column-major storage

    private NpyArray(string path, NpyHeader header, byte[] data)
    {
        Path = path;
        Header = header;
        this.data = data;
        fortranStrides = new long[header.Shape.Count];
        long stride = 1;
        for (int axis = 0; axis < fortranStrides.Length; axis++)
        {
            fortranStrides[axis] = stride;
            stride *= header.Shape[axis];
        }
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The file's header.</summary>
    public NpyHeader Header { get; }

    /// <summary>The element type.</summary>
    public NpyDtype Dtype => Header.Dtype;

    /// <summary>The shape, outermost axis first.</summary>
    public IReadOnlyList<int> Shape => Header.Shape;

    /// <summary>Whether the file stored the elements column-major (they are still returned row-major).</summary>
    public bool FortranOrder => Header.FortranOrder;

    /// <summary>Reads <paramref name="path"/>; <see cref="NpyFormatException"/> with one line naming the file when it is not a readable array.</summary>
    public static NpyArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NpyFormatException($"{path}: cannot be read ({ex.Message})", ex);
        }

        NpyHeader header = NpyHeader.Parse(path, bytes);
        long have = bytes.Length - header.DataOffset;
        if (have != header.DataBytes)
        {
            string what = have < header.DataBytes ? "the file is truncated" : "the file has bytes past the array's end";
            throw new NpyFormatException(
                $"{path}: {have} data bytes for a {header.Dtype.NumpyName()} array of shape {header.ShapeText} ({header.DataBytes} bytes); {what}");
        }

        return new NpyArray(path, header, bytes[header.DataOffset..]);
    }

    /// <summary>The elements as float, in C order (float64 rounded to the nearest float).</summary>
    public float[] ToSingles()
    {
        var values = new float[Header.Count];
        for (long i = 0; i < values.Length; i++)
        {
            values[i] = (float)Element(SourceIndex(i));
        }

        return values;
    }

    /// <summary>The elements as double, in C order (exact for every supported type).</summary>
    public double[] ToDoubles()
    {
        var values = new double[Header.Count];
        for (long i = 0; i < values.Length; i++)
        {
            values[i] = Element(SourceIndex(i));
        }

        return values;
    }

    // Where C-order element i lies in the file: itself, or for Fortran order the same multi-index read column-major.
    private long SourceIndex(long i)
    {
        if (!Header.FortranOrder || Shape.Count < 2)
        {
            return i;
        }

        long source = 0, rest = i;
        for (int axis = Shape.Count - 1; axis >= 0; axis--)
        {
            source += rest % Shape[axis] * fortranStrides[axis];
            rest /= Shape[axis];
        }

        return source;
    }

    private double Element(long k)
    {
        ReadOnlySpan<byte> b = data.AsSpan((int)(k * Header.Dtype.Size()));
        bool big = Header.BigEndian;
        return Header.Dtype switch
        {
            NpyDtype.Float16 => (double)(big ? BinaryPrimitives.ReadHalfBigEndian(b) : BinaryPrimitives.ReadHalfLittleEndian(b)),
            NpyDtype.Float32 => big ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b),
            NpyDtype.Float64 => big ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b),
            NpyDtype.Int16 => big ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b),
            _ => throw new InvalidOperationException(Header.Dtype.ToString()),
        };
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics.Tensors;
using Lamae.Io.Datasets;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Lamae.Io.Hdf5;

/// <summary>
/// One numeric dataset of an HDF5 file, read through PureHDF: its shape and element type known before any value is
/// decoded, its values read whole or one index of the first dimension at a time (a hyperslab), as float32. Every
/// failure (not HDF5, truncated, no such dataset, an element type that is not a number) is a one-line
/// <see cref="DatasetException"/> that names the file.
/// </summary>
public sealed class Hdf5Array : IDisposable
{
    private const string Truncated = "truncated: the file ends before the data its HDF5 structures point to";

    private readonly NativeFile file;
    private readonly IH5Dataset dataset;
    private readonly ulong[] dims;

    private Hdf5Array(NativeFile file, IH5Dataset dataset, string path, string name, ulong[] dims, Hdf5ElementType type)
    {
        this.file = file;
        this.dataset = dataset;
        this.dims = dims;
        FilePath = path;
        Name = name;
        Shape = dims.Select(d => checked((long)d)).ToArray();
        ElementType = type;
    }

    /// <summary>The file (full path).</summary>
    public string FilePath { get; }

    /// <summary>The dataset's path inside the file.</summary>
    public string Name { get; }

    /// <summary>The dataset's dimensions, slowest-varying first (HDF5's C order).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>How each element is stored.</summary>
    public Hdf5ElementType ElementType { get; }

    /// <summary>The shape as messages write it: "[12, 5000]".</summary>
    public string ShapeText => "[" + string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>
    /// Opens dataset <paramref name="name"/> of the HDF5 file <paramref name="path"/>; <paramref name="describe"/>
    /// says what the file should hold ("an SPH record: a dataset 'ecg' [12, samples] of mV"), for the messages.
    /// </summary>
    public static Hdf5Array Open(string path, string name, string describe)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(name);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new DatasetException($"{full}: file not found; it should be {describe}");
        }

        NativeFile f = OpenFile(full, describe);
        try
        {
            if (!Guard(full, () => f.LinkExists(name)))
            {
                string held = string.Join(", ", Guard(full, () => f.Children().Select(c => $"'{c.Name}'").Take(20).ToArray()));
                throw new DatasetException($"{full}: no dataset '{name}' (the file holds {(held.Length == 0 ? "nothing" : held)}); it should be {describe}");
            }

            IH5Dataset d = Guard(full, () => f.Dataset(name));
            ulong[] dims = Guard(full, () => d.Space.Dimensions);
            Hdf5ElementType type = Guard(full, () => Hdf5ElementType.Of(d.Type));
            return new Hdf5Array(f, d, full, name, dims, type);
        }
        catch
        {
            f.Dispose();
            throw;
        }
    }

    /// <summary>A one-line error about this dataset: "path: dataset 'ecg': problem".</summary>
    public DatasetException Error(string problem) => new($"{FilePath}: dataset '{Name}': {problem}");

    /// <summary>Checks that the values are floating point (float16, float32 or float64); a one-line error otherwise.</summary>
    public void RequireFloatingPoint(string why)
    {
        if (!ElementType.IsFloatingPoint)
        {
            throw Error($"element type {ElementType} is not supported; {why}");
        }
    }

    /// <summary>Every value as float32, row-major (C order), converted from the stored floating-point type.</summary>
    public float[] ReadFloats() => ReadFloats(selection: null);

    /// <summary>
    /// The values at index <paramref name="index"/> of the first dimension (for a [N, T, L] dataset, one [T, L] block),
    /// row-major, as float32; only that block is read from the file.
    /// </summary>
    public float[] ReadFloats(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (Shape.Count == 0 || index >= Shape[0])
        {
            throw Error($"index {index} is outside its shape {ShapeText}");
        }

        var starts = new ulong[dims.Length];
        var blocks = (ulong[])dims.Clone();
        starts[0] = (ulong)index;
        blocks[0] = 1;
        return ReadFloats(new HyperslabSelection(dims.Length, starts, blocks));
    }

    /// <summary>Every value as a 64-bit integer (an id column), from any stored integer type.</summary>
    public long[] ReadIntegers()
    {
        Hdf5ElementType t = ElementType;
        return (t.IsFloatingPoint, t.IsSigned, t.Size) switch
        {
            (false, true, 1) => Guard(FilePath, () => dataset.Read<sbyte[]>()).Select(v => (long)v).ToArray(),
            (false, true, 2) => Guard(FilePath, () => dataset.Read<short[]>()).Select(v => (long)v).ToArray(),
            (false, true, 4) => Guard(FilePath, () => dataset.Read<int[]>()).Select(v => (long)v).ToArray(),
            (false, true, 8) => Guard(FilePath, () => dataset.Read<long[]>()),
            (false, false, 1) => Guard(FilePath, () => dataset.Read<byte[]>()).Select(v => (long)v).ToArray(),
            (false, false, 2) => Guard(FilePath, () => dataset.Read<ushort[]>()).Select(v => (long)v).ToArray(),
            (false, false, 4) => Guard(FilePath, () => dataset.Read<uint[]>()).Select(v => (long)v).ToArray(),
            (false, false, 8) => Guard(FilePath, () => dataset.Read<ulong[]>()).Select(v => checked((long)v)).ToArray(),
            _ => throw Error($"element type {t} is not supported; ids are stored as integers"),
        };
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => file.Dispose();

    private float[] ReadFloats(Selection? selection)
    {
        // PureHDF decodes only into an element type of the stored size ("Unable to decode values types of different
        // type size" otherwise), so read the stored type and convert.
        switch (ElementType.Size)
        {
            case 2 when ElementType.IsFloatingPoint:
                Half[] h = Guard(FilePath, () => dataset.Read<Half[]>(fileSelection: selection));
                var fromHalf = new float[h.Length];
                TensorPrimitives.ConvertToSingle(h, fromHalf);
                return fromHalf;
            case 4 when ElementType.IsFloatingPoint:
                return Guard(FilePath, () => dataset.Read<float[]>(fileSelection: selection));
            case 8 when ElementType.IsFloatingPoint:
                double[] d = Guard(FilePath, () => dataset.Read<double[]>(fileSelection: selection));
                return Array.ConvertAll(d, v => (float)v);
            default:
                throw Error($"element type {ElementType} is not supported; the values must be floating point (float16, float32 or float64)");
        }
    }

    private static NativeFile OpenFile(string path, string describe)
    {
        try
        {
            return H5File.OpenRead(path);
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            string what = IsTruncation(ex) ? Truncated : "not an HDF5 file";
            throw new DatasetException($"{path}: {what} (PureHDF: {ex.Message.TrimEnd('.')}); it should be {describe}", ex);
        }
    }

    // PureHDF reports damaged files with plain System.Exception (and stream exceptions for bytes that run out), so
    // every failure while decoding becomes a one-line error naming the file.
    private static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            string what = IsTruncation(ex) ? Truncated : "cannot decode the HDF5 file, it may be damaged";
            throw new DatasetException($"{path}: {what} (PureHDF: {ex.Message.TrimEnd('.')})", ex);
        }
    }

    // PureHDF says "The file is too small" when an address (the superblock's end of file, a chunk) lies past the end.
    private static bool IsTruncation(Exception ex) =>
        ex is EndOfStreamException || ex.Message.Contains("too small", StringComparison.OrdinalIgnoreCase);

    [SuppressMessage("Design", "CA1031", Justification = "PureHDF throws System.Exception itself.")]
    private static bool IsDecodeFailure(Exception ex) =>
        ex is not (DatasetException or OutOfMemoryException or OperationCanceledException or StackOverflowException);
}

using System.Globalization;
using PureHDF;

namespace Lamae.Io.Hdf5;

/// <summary>How an HDF5 dataset stores each element, named as NumPy names it ("float16", "int64") in messages.</summary>
/// <param name="Class">The HDF5 type class.</param>
/// <param name="Size">Bytes per element.</param>
/// <param name="IsSigned">For integers: whether signed.</param>
public readonly record struct Hdf5ElementType(H5DataTypeClass Class, int Size, bool IsSigned)
{
    /// <summary>Whether the elements are IEEE floating-point numbers.</summary>
    public bool IsFloatingPoint => Class == H5DataTypeClass.FloatingPoint;

    /// <summary>The type of <paramref name="type"/>.</summary>
    public static Hdf5ElementType Of(IH5DataType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        bool signed = type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned;
        return new Hdf5ElementType(type.Class, type.Size, signed);
    }

    /// <summary>"float32", "int16", "uint8", or the class and size for anything else ("String (8 bytes)").</summary>
    public override string ToString() => Class switch
    {
        H5DataTypeClass.FloatingPoint => "float" + (Size * 8).ToString(CultureInfo.InvariantCulture),
        H5DataTypeClass.FixedPoint => (IsSigned ? "int" : "uint") + (Size * 8).ToString(CultureInfo.InvariantCulture),
        _ => $"{Class} ({Size.ToString(CultureInfo.InvariantCulture)} bytes)",
    };
}

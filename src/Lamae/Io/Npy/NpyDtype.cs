namespace Lamae.Io.Npy;

/// <summary>The element types Lamae reads from .npy files (NumPy's float16, float32, float64 and int16).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after NumPy's dtypes.")]
public enum NpyDtype
{
    /// <summary>IEEE half precision, descr 'f2'.</summary>
    Float16,

    /// <summary>IEEE single precision, descr 'f4'.</summary>
    Float32,

    /// <summary>IEEE double precision, descr 'f8'.</summary>
    Float64,

    /// <summary>Signed 16-bit integer, descr 'i2'.</summary>
    Int16,
}

/// <summary>Sizes and NumPy spellings of <see cref="NpyDtype"/>.</summary>
public static class NpyDtypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this NpyDtype dtype) => dtype switch
    {
        NpyDtype.Float16 or NpyDtype.Int16 => 2,
        NpyDtype.Float32 => 4,
        NpyDtype.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>NumPy's name of the type ("float16").</summary>
    public static string NumpyName(this NpyDtype dtype) => dtype.ToString().ToLowerInvariant();

    /// <summary>
    /// The type and byte order of a descr such as '&lt;f2' or '&gt;i2' ('|' and '=' only where order cannot matter or
    /// is the writer's native order, which NumPy writes as '&lt;' on every little-endian machine); null for any other type.
    /// </summary>
    public static (NpyDtype Dtype, bool BigEndian)? Parse(string descr)
    {
        ArgumentNullException.ThrowIfNull(descr);
        if (descr.Length != 3 || descr[0] is not ('<' or '>' or '=' or '|'))
        {
            return null;
        }

        NpyDtype? type = descr[1..] switch
        {
            "f2" => NpyDtype.Float16,
            "f4" => NpyDtype.Float32,
            "f8" => NpyDtype.Float64,
            "i2" => NpyDtype.Int16,
            _ => null,
        };
        return type is { } t ? (t, descr[0] == '>') : null;
    }
}

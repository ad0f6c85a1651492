using Lamae.Evaluation;
using Lamae.Io.Npy;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Npy;

/// <summary>NpyArray against files NumPy wrote (tests/reference/npy_dtypes_reference.py), and its refusals of bad files.</summary>
public sealed class NpyArrayTests : IDisposable
{
    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    private static string Reference(string name) => Path.Combine(AppContext.BaseDirectory, "Io", "Npy", "Reference", name);

    // The script's values: (3 i + j) * 0.5 - 3 for float types, (3 i + j) * 100 - 700 for int16, [5, 3] in C order.
    private static double[] Floats() => Enumerable.Range(0, 15).Select(k => (k * 0.5) - 3).ToArray();

    private static double[] Ints() => Enumerable.Range(0, 15).Select(k => (k * 100.0) - 700).ToArray();

    [Theory]
    [InlineData("f2_c.npy", NpyDtype.Float16, false)]
    [InlineData("f4_c.npy", NpyDtype.Float32, false)]
    [InlineData("f8_c.npy", NpyDtype.Float64, false)]
    [InlineData("i2_c.npy", NpyDtype.Int16, false)]
    [InlineData("f4_big.npy", NpyDtype.Float32, false)]
    [InlineData("i2_big.npy", NpyDtype.Int16, false)]
    [InlineData("f8_fortran.npy", NpyDtype.Float64, true)]
    [InlineData("f2_v2.npy", NpyDtype.Float16, false)]
    public void Reads_every_dtype_byte_order_memory_order_and_version_numpy_wrote(string file, NpyDtype dtype, bool fortran)
    {
        NpyArray a = NpyArray.Read(Reference(file));

        Assert.Equal(dtype, a.Dtype);
        Assert.Equal([5, 3], a.Shape);
        Assert.Equal(fortran, a.FortranOrder);
        double[] expected = dtype == NpyDtype.Int16 ? Ints() : Floats();
        Assert.Equal(expected, a.ToDoubles());
        Assert.Equal(expected.Select(v => (float)v), a.ToSingles());
    }

    [Theory]
    [InlineData("f2_c.npy", "<f2", false)]
    [InlineData("i2_big.npy", ">i2", false)]
    [InlineData("f8_fortran.npy", "<f8", true)]
    public void The_test_writer_writes_numpys_bytes(string file, string descr, bool fortran)
    {
        string path = Path.Combine(temp.Path, file);

        NpyTestFile.Write(path, descr, [5, 3], descr[1] == 'i' ? Ints() : Floats(), fortran);

        Assert.Equal(File.ReadAllBytes(Reference(file)), File.ReadAllBytes(path));
    }

    [Fact]
    public void Float16_special_values_and_rounding_read_as_numpy_gives_them()
    {
        string path = Path.Combine(temp.Path, "h.npy");
        // float16 of 0.1 is 0.0999755859375 (numpy: float(np.float16(0.1))); 65504 is float16's largest finite value.
        NpyTestFile.Write(path, "<f2", [1, 5], [0.1, double.NaN, 65504, -0.0, double.NegativeInfinity]);

        double[] v = NpyArray.Read(path).ToDoubles();

        Assert.Equal(0.0999755859375, v[0]);
        Assert.True(double.IsNaN(v[1]));
        Assert.Equal(65504, v[2]);
        Assert.Equal(double.NegativeInfinity, v[4]);
    }

    [Fact]
    public void Header_alone_gives_type_and_shape()
    {
        NpyHeader h = NpyHeader.Read(Reference("f4_big.npy"));

        Assert.Equal((NpyDtype.Float32, true, false, "(5, 3)"), (h.Dtype, h.BigEndian, h.FortranOrder, h.ShapeText));
        Assert.Equal(15 * 4, h.DataBytes);
    }

    [Fact]
    public void A_truncated_array_is_refused_naming_the_file_and_the_byte_counts()
    {
        string path = Path.Combine(temp.Path, "t.npy");
        File.WriteAllBytes(path, File.ReadAllBytes(Reference("f4_c.npy"))[..^6]);

        var ex = Assert.Throws<NpyFormatException>(() => NpyArray.Read(path));

        Assert.Equal($"{path}: 54 data bytes for a float32 array of shape (5, 3) (60 bytes); the file is truncated", ex.Message);
    }

    [Theory]
    [InlineData("<c8")]
    [InlineData("|O")]
    [InlineData("<U5")]
    [InlineData("<i4")]
    public void An_unknown_dtype_is_refused_naming_the_file_and_the_dtype(string descr)
    {
        string path = Path.Combine(temp.Path, "u.npy");
        File.WriteAllBytes(path, [.. NpyTestFile.Header(descr, [2, 2]), .. new byte[64]]);

        var ex = Assert.Throws<NpyFormatException>(() => NpyArray.Read(path));

        Assert.StartsWith($"{path}: unsupported dtype '{descr}'; Lamae reads float16, float32, float64 and int16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_structured_dtype_is_refused_as_unsupported()
    {
        string path = Path.Combine(temp.Path, "s.npy");
        File.WriteAllBytes(path, [.. NpyTestFile.Header("X", [2])[..10], .. System.Text.Encoding.ASCII.GetBytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }\n")]);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)(bytes.Length - 10);
        File.WriteAllBytes(path, bytes);

        Assert.Contains("unsupported dtype '[('a', '<f4')]'", Assert.Throws<NpyFormatException>(() => NpyArray.Read(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_npy_is_refused_in_one_line()
    {
        string text = Path.Combine(temp.Path, "records.csv"), shortFile = Path.Combine(temp.Path, "short.npy");
        File.WriteAllText(text, "ecg_id,file\n1,a.npy\n");
        File.WriteAllBytes(shortFile, [0x93, (byte)'N', (byte)'U']);

        Assert.Equal($"{text}: not a .npy file (it does not start with NumPy's magic \\x93NUMPY)", Assert.Throws<NpyFormatException>(() => NpyArray.Read(text)).Message);
        Assert.StartsWith($"{shortFile}: not a .npy file", Assert.Throws<NpyFormatException>(() => NpyHeader.Read(shortFile)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_cut_short_or_without_a_shape_is_refused()
    {
        string cut = Path.Combine(temp.Path, "cut.npy"), noShape = Path.Combine(temp.Path, "ns.npy");
        File.WriteAllBytes(cut, NpyTestFile.Header("<f4", [5, 3])[..40]);
        byte[] h = NpyTestFile.Header("<f4", [5, 3]);
        string dict = System.Text.Encoding.ASCII.GetString(h, 10, h.Length - 10).Replace("'shape'", "'shapf'", StringComparison.Ordinal);
        File.WriteAllBytes(noShape, [.. h[..10], .. System.Text.Encoding.ASCII.GetBytes(dict), .. new byte[60]]);

        Assert.Contains("header runs past the end of the file", Assert.Throws<NpyFormatException>(() => NpyArray.Read(cut)).Message, StringComparison.Ordinal);
        Assert.Contains("header runs past the end of the file", Assert.Throws<NpyFormatException>(() => NpyHeader.Read(cut)).Message, StringComparison.Ordinal);
        Assert.Contains("lacks 'descr', 'fortran_order' or 'shape'", Assert.Throws<NpyFormatException>(() => NpyArray.Read(noShape)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NpyFile_reads_big_endian_float32_through_the_general_reader_and_refuses_other_types()
    {
        (float[] values, int rows, int columns) = NpyFile.Read(Reference("f4_big.npy"));

        Assert.Equal((5, 3), (rows, columns));
        Assert.Equal(Floats().Select(v => (float)v), values);
        Assert.Equal($"{Reference("f2_c.npy")}: holds a float16 array of shape (5, 3), not a 2-D float32 array",
            Assert.Throws<LamaeException>(() => NpyFile.Read(Reference("f2_c.npy"))).Message);
    }
}

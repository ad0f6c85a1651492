using Lamae.Io.Hdf5;
using Lamae.Tests.Support;
using PureHDF;

namespace Lamae.Tests.Io.Hdf5;

public sealed class Hdf5ArrayTests
{
    [Fact]
    public void One_index_of_the_first_dimension_reads_as_that_block_of_the_whole_for_every_float_type()
    {
        using TempFolder dir = Fixtures.Temp();
        var f32 = new float[4, 5, 3];
        var f64 = new double[4, 5, 3];
        var f16 = new Half[4, 5, 3];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    float v = (i * 100) + (j * 10) + k + 0.25f;
                    (f32[i, j, k], f64[i, j, k], f16[i, j, k]) = (v, v, (Half)v);
                }
            }
        }

        string path = Path.Combine(dir.Path, "a.h5");
        new H5File { ["f32"] = f32, ["f64"] = f64, ["f16"] = f16 }.Write(path);

        foreach ((string name, string type) in new[] { ("f32", "float32"), ("f64", "float64"), ("f16", "float16") })
        {
            using Hdf5Array a = Hdf5Array.Open(path, name, "a test file");
            Assert.Equal([4L, 5, 3], a.Shape);
            Assert.Equal(type, a.ElementType.ToString());
            float[] all = a.ReadFloats();
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(all.AsSpan(i * 15, 15).ToArray(), a.ReadFloats(i));
            }

            Assert.Equal(f32[2, 3, 1], all[(2 * 15) + (3 * 3) + 1]);
        }
    }

    [Fact]
    public void Ids_read_from_any_integer_type_and_are_refused_as_signals()
    {
        using TempFolder dir = Fixtures.Temp();
        string path = Path.Combine(dir.Path, "ids.h5");
        new H5File { ["i32"] = new[] { 1, -2, 3 }, ["u16"] = new ushort[] { 7, 8 }, ["i64"] = new[] { 5L, 6L } }.Write(path);

        using Hdf5Array i32 = Hdf5Array.Open(path, "i32", "ids");
        using Hdf5Array u16 = Hdf5Array.Open(path, "u16", "ids");
        using Hdf5Array i64 = Hdf5Array.Open(path, "i64", "ids");

        Assert.Equal([1L, -2, 3], i32.ReadIntegers());
        Assert.Equal([7L, 8], u16.ReadIntegers());
        Assert.Equal([5L, 6], i64.ReadIntegers());
        Assert.Equal("uint16", u16.ElementType.ToString());
        var ex = Assert.Throws<Lamae.Io.Datasets.DatasetException>(() => i32.ReadFloats());
        Assert.Equal($"{path}: dataset 'i32': element type int32 is not supported; the values must be floating point (float16, float32 or float64)", ex.Message);
    }

    [Fact]
    public void An_index_outside_the_first_dimension_is_an_error_naming_the_file()
    {
        using TempFolder dir = Fixtures.Temp();
        string path = Path.Combine(dir.Path, "a.h5");
        new H5File { ["x"] = new float[2, 3] }.Write(path);

        using Hdf5Array a = Hdf5Array.Open(path, "x", "a test file");

        var ex = Assert.Throws<Lamae.Io.Datasets.DatasetException>(() => a.ReadFloats(2));
        Assert.Equal($"{path}: dataset 'x': index 2 is outside its shape [2, 3]", ex.Message);
    }
}

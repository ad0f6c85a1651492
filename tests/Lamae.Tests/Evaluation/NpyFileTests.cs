using Lamae.Evaluation;
using Lamae.Tests.Support;

namespace Lamae.Tests.Evaluation;

/// <summary>NpyFile against a file NumPy wrote (tests/reference/npy_reference.py), and its refusals.</summary>
public sealed class NpyFileTests : IDisposable
{
    private static readonly string NumpyFile = Path.Combine(AppContext.BaseDirectory, "Evaluation", "Reference", "numpy_float32_3x5.npy");

    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    private static float[] Expected()
    {
        float[] a = Enumerable.Range(0, 15).Select(k => ((k / 5) * 10) + (k % 5) + 0.25f).ToArray();
        a[14] = -1.5f;
        return a;
    }

    [Fact]
    public void Writes_the_bytes_numpy_save_writes()
    {
        string path = Path.Combine(temp.Path, "a.npy");

        NpyFile.Write(path, Expected(), 3, 5);

        Assert.Equal(File.ReadAllBytes(NumpyFile), File.ReadAllBytes(path));
    }

    [Fact]
    public void Reads_what_numpy_wrote()
    {
        (float[] values, int rows, int columns) = NpyFile.Read(NumpyFile);

        Assert.Equal((3, 5), (rows, columns));
        Assert.Equal(Expected(), values);
    }

    [Fact]
    public void A_truncated_or_foreign_file_is_refused_naming_it()
    {
        string truncated = Path.Combine(temp.Path, "t.npy"), foreign = Path.Combine(temp.Path, "f.npy");
        byte[] bytes = File.ReadAllBytes(NumpyFile);
        File.WriteAllBytes(truncated, bytes[..^4]);
        File.WriteAllBytes(foreign, [.. bytes[..10], .. System.Text.Encoding.ASCII.GetBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 5), }")]);

        Assert.Contains("truncated", Assert.Throws<LamaeException>(() => NpyFile.Read(truncated)).Message, StringComparison.Ordinal);
        Assert.StartsWith(foreign, Assert.Throws<LamaeException>(() => NpyFile.Read(foreign)).Message, StringComparison.Ordinal);
        Assert.Contains("not a .npy file", Assert.Throws<LamaeException>(() => NpyFile.Read(Path.Combine(AppContext.BaseDirectory, "Lamae.Tests.dll"))).Message, StringComparison.Ordinal);
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Lamae.Models;
using Lamae.Tests.Training;
using TorchSharp;
using static Lamae.Tests.Training.TrainingTestHelpers;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

public class SafeTensorsTests
{
    [Fact]
    public void A_module_round_trips_bit_exact_under_its_pytorch_names()
    {
        string folder = TempFolder();
        string path = Path.Combine(folder, "model.safetensors");
        using var model = new StandInModel(5);
        SafeTensors.Save(path, model, new Dictionary<string, string> { ["format"] = "pt", ["lamae.model"] = "stand-in" });

        using var file = SafeTensors.Load(path);
        var sd = model.state_dict();
        Assert.Equal(sd.Keys, file.Tensors.Select(t => t.Name));
        Assert.Contains("encoder.blocks.1.fc.weight", sd.Keys);
        foreach (var (name, tensor) in file.Tensors)
        {
            Assert.True(BitwiseEqual(sd[name], tensor), name);
        }

        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp")); // the temporary file was renamed away
    }

    [Fact]
    public void All_supported_dtypes_scalars_and_empty_tensors_round_trip()
    {
        string path = Path.Combine(TempFolder(), "mixed.safetensors");
        using var scope = NewDisposeScope();
        var g = new Generator(9);
        var tensors = new List<(string, Tensor)>
        {
            ("f32", torch.randn([3, 5], generator: g)),
            ("f64", torch.randn([4], generator: g, dtype: ScalarType.Float64)),
            ("f16", torch.randn([2, 3], generator: g).to(ScalarType.Float16)),
            ("bf16", torch.randn([7], generator: g).to(ScalarType.BFloat16)),
            ("i64", torch.arange(-5, 5, dtype: ScalarType.Int64)),
            ("i32", torch.arange(0, 3, dtype: ScalarType.Int32)),
            ("u8", torch.arange(0, 255, dtype: ScalarType.Byte)),
            ("bool", torch.arange(0, 3).remainder(2).eq(0)),
            ("scalar", torch.tensor(2.5f)),
            ("empty", torch.zeros([0, 4])),
            ("transposed", torch.randn([3, 4], generator: g).t()), // non-contiguous input is written row-major
        };
        SafeTensors.Save(path, tensors);

        using var file = SafeTensors.Load(path);
        foreach (var (name, t) in tensors)
        {
            Assert.True(BitwiseEqual(t, file[name]), name);
        }
    }

    [Fact]
    public void The_header_is_json_with_contiguous_offsets_and_aligned_data()
    {
        string path = Path.Combine(TempFolder(), "model.safetensors");
        using var model = new StandInModel(6);
        SafeTensors.Save(path, model, new Dictionary<string, string> { ["format"] = "pt" });

        // An independent reading of the layout, without the reader under test.
        byte[] bytes = File.ReadAllBytes(path);
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + n) % SafeTensors.HeaderAlignment);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.StartsWith("{", header, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(header);
        Assert.Equal("pt", doc.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());

        long expected = 0;
        var sd = model.state_dict();
        foreach (var (name, tensor) in sd)
        {
            var entry = doc.RootElement.GetProperty(name);
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(tensor.shape, entry.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            long[] offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            Assert.Equal([expected, expected + (tensor.NumberOfElements * 4)], offsets);

            // The bytes at those offsets are the tensor's float32 values, little-endian.
            float[] values = tensor.data<float>().ToArray();
            for (int i = 0; i < values.Length; i++)
            {
                float read = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan((int)(8 + n + offsets[0] + (4 * i))));
                Assert.Equal(BitConverter.SingleToInt32Bits(values[i]), BitConverter.SingleToInt32Bits(read));
            }

            expected = offsets[1];
        }

        Assert.Equal(bytes.Length, 8 + n + expected);
    }

    [Fact]
    public void Damaged_files_are_refused_with_the_path()
    {
        string folder = TempFolder();
        string path = Path.Combine(folder, "model.safetensors");
        using var model = new StandInModel(7);
        SafeTensors.Save(path, model);
        byte[] good = File.ReadAllBytes(path);

        string truncated = Path.Combine(folder, "truncated.safetensors");
        File.WriteAllBytes(truncated, good[..^4]);
        var ex = Assert.Throws<LamaeException>(() => SafeTensors.Load(truncated));
        Assert.Contains("truncated.safetensors", ex.Message, StringComparison.Ordinal);

        string hugeHeader = Path.Combine(folder, "huge.safetensors");
        byte[] bad = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(bad, ulong.MaxValue);
        File.WriteAllBytes(hugeHeader, bad);
        Assert.Throws<LamaeException>(() => SafeTensors.Load(hugeHeader));
    }
}

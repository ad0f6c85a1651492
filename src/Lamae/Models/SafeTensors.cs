using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Lamae.Common;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Models;

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes of UTF-8
/// JSON <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}</c> padded with
/// spaces, then the tensors' raw little-endian bytes, row-major, back to back; offsets are relative to the
/// end of the header. A PyTorch user loads it with <c>safetensors.torch.load_file</c>.
/// </summary>
public static class SafeTensors
{
    /// <summary>The reference writer pads the header so the data starts 8-byte aligned (safetensors' N_LEN).</summary>
    public const int HeaderAlignment = 8;

    /// <summary>The reference reader's limit on the header, against a hostile length.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private const string MetadataKey = "__metadata__";

    private static readonly (ScalarType Type, string Name)[] DTypes =
    [
        (ScalarType.Float32, "F32"), (ScalarType.Float64, "F64"), (ScalarType.Float16, "F16"), (ScalarType.BFloat16, "BF16"),
        (ScalarType.Int64, "I64"), (ScalarType.Int32, "I32"), (ScalarType.Int16, "I16"), (ScalarType.Int8, "I8"),
        (ScalarType.Byte, "U8"), (ScalarType.Bool, "BOOL"),
    ];

    /// <summary>Writes a module's state_dict (parameters and persistent buffers, PyTorch names) to <paramref name="path"/>.</summary>
    public static void Save(string path, nn.Module module, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Save(path, module.state_dict().Select(kv => (kv.Key, kv.Value)).ToList(), metadata);
    }

    /// <summary>Writes named tensors in the given order, atomically (a temporary file, then a rename).</summary>
    public static void Save(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        AtomicFile.Write(path, stream => Write(stream, tensors, metadata));
    }

    /// <summary>Writes the safetensors bytes to a stream.</summary>
    public static void Write(Stream stream, IReadOnlyList<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var header = new MemoryStream();
        long offset = 0;
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            foreach (var (name, tensor) in tensors)
            {
                if (name == MetadataKey || !names.Add(name))
                {
                    throw new ArgumentException($"safetensors: tensor name '{name}' is reserved or repeated", nameof(tensors));
                }

                long bytes = tensor.NumberOfElements * tensor.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", DTypeName(tensor.dtype, name));
                json.WriteStartArray("shape");
                foreach (long d in tensor.shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        long padded = (header.Length + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment;
        while (header.Length < padded)
        {
            header.WriteByte((byte)' ');
        }

        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        header.Position = 0;
        header.CopyTo(stream);
        foreach (var (_, tensor) in tensors)
        {
            using var scope = NewDisposeScope();
            var cpu = tensor.detach().cpu().contiguous();
            WriteLittleEndian(stream, cpu);
        }
    }

    /// <summary>Reads every tensor (on the CPU, in header order) and the metadata; the caller disposes the tensors.</summary>
    public static SafeTensorsFile Load(string path)
    {
        using var stream = File.OpenRead(path);
        var (entries, metadata, dataStart) = ReadHeader(stream, path);
        var tensors = new List<(string Name, Tensor Tensor)>(entries.Count);
        try
        {
            foreach (var entry in entries)
            {
                var tensor = empty(entry.Shape, entry.DType);
                tensors.Add((entry.Name, tensor));
                if (entry.End == entry.Begin)
                {
                    continue;
                }

                stream.Position = dataStart + entry.Begin;
                var buffer = new byte[entry.End - entry.Begin];
                stream.ReadExactly(buffer);
                if (!BitConverter.IsLittleEndian)
                {
                    throw new PlatformNotSupportedException("safetensors: reading on a big-endian machine is not supported");
                }

                tensor.bytes = buffer;
            }
        }
        catch
        {
            foreach (var (_, t) in tensors)
            {
                t.Dispose();
            }

            throw;
        }

        return new SafeTensorsFile(tensors, metadata);
    }

    /// <summary>
    /// Copies the tensors of <paramref name="path"/> into <paramref name="module"/>'s state_dict: the names must be the
    /// same set and every shape and dtype must match, else one error names the file and the first difference.
    /// </summary>
    public static void LoadInto(string path, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using SafeTensorsFile file = Load(path);
        Dictionary<string, Tensor> state = module.state_dict();
        var saved = file.Tensors.ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal);
        if (state.Keys.Except(saved.Keys).FirstOrDefault() is { } missing)
        {
            throw new LamaeException($"{path}: has no tensor '{missing}' that the model needs; it was written by another model");
        }

        if (saved.Keys.Except(state.Keys).FirstOrDefault() is { } extra)
        {
            throw new LamaeException($"{path}: holds '{extra}', which the model does not have; it was written by another model");
        }

        using var noGrad = no_grad();
        foreach ((string name, Tensor target) in state)
        {
            Tensor source = saved[name];
            if (!source.shape.SequenceEqual(target.shape) || source.dtype != target.dtype)
            {
                throw new LamaeException($"{path}: '{name}' is {source.dtype} [{string.Join(", ", source.shape)}], the model's is {target.dtype} [{string.Join(", ", target.shape)}]");
            }

            target.copy_(source);
        }
    }

    /// <summary>Reads only the header: names, dtypes, shapes and offsets, checked against the file length.</summary>
    public static (IReadOnlyList<SafeTensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata) ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        var (entries, metadata, _) = ReadHeader(stream, path);
        return (entries, metadata);
    }

    private static (List<SafeTensorsEntry> Entries, Dictionary<string, string> Metadata, long DataStart) ReadHeader(Stream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8)
        {
            throw new LamaeException($"{path}: not a safetensors file (shorter than its 8-byte header length)");
        }

        stream.ReadExactly(lengthBytes);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (n < 2 || n > (ulong)MaxHeaderBytes || (long)n > stream.Length - 8)
        {
            throw new LamaeException($"{path}: not a safetensors file (header length {n} does not fit the file)");
        }

        var headerBytes = new byte[n];
        stream.ReadExactly(headerBytes);
        long dataStart = 8 + (long)n;
        long dataLength = stream.Length - dataStart;
        var entries = new List<SafeTensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(headerBytes);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    foreach (var m in property.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.GetString() ?? string.Empty;
                    }

                    continue;
                }

                var v = property.Value;
                var dtype = ParseDType(v.GetProperty("dtype").GetString(), property.Name, path);
                long[] shape = v.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                long[] offsets = v.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                entries.Add(new SafeTensorsEntry(property.Name, dtype, shape, offsets[0], offsets[1]));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new LamaeException($"{path}: safetensors header is not valid ({ex.Message})", ex);
        }

        // As the reference reader does: ranges in order, no gaps or overlaps, covering the data exactly,
        // each as long as its dtype and shape say.
        long expected = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            long elementSize = ElementSize(e.DType);
            long count = e.Shape.Aggregate(1L, (a, d) => d < 0 ? -1 : checked(a * d));
            if (e.Begin != expected || e.End < e.Begin || count < 0 || e.End - e.Begin != count * elementSize)
            {
                throw new LamaeException($"{path}: safetensors tensor '{e.Name}' has data_offsets [{e.Begin}, {e.End}] that do not match its shape or its neighbours");
            }

            expected = e.End;
        }

        if (expected != dataLength)
        {
            throw new LamaeException($"{path}: safetensors data holds {dataLength} bytes but the header describes {expected}");
        }

        return (entries, metadata, dataStart);
    }

    private static void WriteLittleEndian(Stream stream, Tensor cpu)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors: writing on a big-endian machine is not supported");
        }

        if (cpu.NumberOfElements == 0)
        {
            return;
        }

        // Tensor.bytes is limited to 2 GiB; a flat view written in chunks lifts that limit.
        const long ChunkElements = 1L << 26;
        using var flat = cpu.reshape(-1);
        for (long start = 0; start < flat.NumberOfElements; start += ChunkElements)
        {
            long count = Math.Min(ChunkElements, flat.NumberOfElements - start);
            using var chunk = flat.narrow(0, start, count);
            stream.Write(chunk.bytes);
        }
    }

    private static string DTypeName(ScalarType type, string name)
    {
        foreach (var (t, n) in DTypes)
        {
            if (t == type)
            {
                return n;
            }
        }

        throw new ArgumentException($"safetensors: tensor '{name}' has dtype {type}, which the format does not define here");
    }

    private static ScalarType ParseDType(string? name, string tensor, string path)
    {
        foreach (var (t, n) in DTypes)
        {
            if (n == name)
            {
                return t;
            }
        }

        throw new LamaeException($"{path}: safetensors tensor '{tensor}' has dtype '{name}', which Lamae does not read");
    }

    private static long ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };
}

/// <summary>One tensor's header entry; offsets are relative to the first byte after the header.</summary>
public sealed record SafeTensorsEntry(string Name, ScalarType DType, long[] Shape, long Begin, long End);

/// <summary>Tensors read from a safetensors file, in header order; disposing it disposes them.</summary>
public sealed class SafeTensorsFile(IReadOnlyList<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string> metadata) : IDisposable
{
    public IReadOnlyList<(string Name, Tensor Tensor)> Tensors { get; } = tensors;

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    public Tensor this[string name] => Tensors.First(t => t.Name == name).Tensor;

    public void Dispose()
    {
        foreach (var (_, t) in Tensors)
        {
            t.Dispose();
        }
    }
}

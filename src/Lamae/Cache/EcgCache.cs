using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Lamae.Cache;

/// <summary>
/// A finished cache opened for reading: the index in memory, the shards memory-mapped. Opening checks the manifest,
/// the index checksum and every shard's header and length, so a truncated shard or an edited index is a clear
/// <see cref="CacheException"/> instead of garbage. Reads are thread-safe.
/// </summary>
public sealed unsafe class EcgCache : IDisposable
{
    private readonly List<MemoryMappedFile> files = [];
    private readonly List<MemoryMappedViewAccessor> views = [];
    private readonly byte*[] bases;
    private readonly ShardHeader[] headers;
    private bool disposed;

    private EcgCache(string dir, CacheManifest manifest, List<CacheRecord> records, List<CacheFailure> failures, ShardHeader[] headers)
    {
        Directory = dir;
        Manifest = manifest;
        Records = records;
        Failures = failures;
        this.headers = headers;
        bases = new byte*[headers.Length];
        try
        {
            for (int s = 0; s < headers.Length; s++)
            {
                string path = ShardPath(dir, s);
                MemoryMappedFile file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
                files.Add(file);
                MemoryMappedViewAccessor view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                views.Add(view);
                byte* p = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
                bases[s] = p + view.PointerOffset;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary>What made the cache.</summary>
    public CacheManifest Manifest { get; }

    /// <summary>Every cached record, in cache order.</summary>
    public IReadOnlyList<CacheRecord> Records { get; }

    /// <summary>Records that could not be cached, with the reason.</summary>
    public IReadOnlyList<CacheFailure> Failures { get; }

    /// <summary>Leads per record (12).</summary>
    public int Leads => Manifest.Leads;

    /// <summary>Samples per lead.</summary>
    public int Samples => Manifest.Samples;

    /// <summary>The shard file of number <paramref name="shard"/> in <paramref name="dir"/>.</summary>
    public static string ShardPath(string dir, int shard) => Path.Combine(dir, "shards", $"shard-{shard:D5}.bin");

    /// <summary>Opens the finished cache in <paramref name="dir"/>, checking its files.</summary>
    public static EcgCache Open(string dir)
    {
        CacheManifest manifest = CacheManifest.Read(dir);
        (List<CacheRecord> records, List<CacheFailure> failures) = CacheIndexFile.Read(Path.Combine(dir, "index.bin"), manifest.IndexSha256);
        if (records.Count != manifest.Records)
        {
            throw new CacheException($"{dir}: the index lists {records.Count} records but the manifest says {manifest.Records}; rebuild the cache");
        }

        var headers = new ShardHeader[manifest.Shards];
        for (int s = 0; s < headers.Length; s++)
        {
            ShardHeader h = ShardFile.ReadHeader(ShardPath(dir, s));
            if (h.Leads != manifest.Leads || h.Samples != manifest.Samples || h.PipelineHash != manifest.PipelineHash || h.Storage != manifest.Settings.Storage)
            {
                throw new CacheException($"{ShardPath(dir, s)}: shard does not belong to this cache (shape, storage or pipeline differs from the manifest); rebuild the cache");
            }

            headers[s] = h;
        }

        foreach (CacheRecord r in records)
        {
            if (r.Shard < 0 || r.Shard >= headers.Length || r.Slot < 0 || r.Slot >= headers[r.Shard].Count)
            {
                throw new CacheException($"{dir}: index entry {r.RecordId} points outside the shards (shard {r.Shard}, slot {r.Slot}); rebuild the cache");
            }
        }

        return new EcgCache(Path.GetFullPath(dir), manifest, records, failures, headers);
    }

    /// <summary>Copies record <paramref name="index"/>'s samples [start, start + length) of every lead, as [leads, length] floats.</summary>
    public void Read(int index, int start, int length, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        CacheRecord r = Records[index];
        if (start < 0 || length < 0 || start + length > Samples || destination.Length < Leads * length)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"window [{start}, {start + length}) of {Samples} samples into {destination.Length} floats");
        }

        ShardHeader h = headers[r.Shard];
        byte* record = bases[r.Shard] + ShardHeader.Size + (r.Slot * h.RecordBytes);
        for (int lead = 0; lead < Leads; lead++)
        {
            var src = new ReadOnlySpan<short>(record + (2L * ((lead * (long)Samples) + start)), length);
            Decode(h.Storage, r.Scale, src, destination.Slice(lead * length, length));
        }
    }

    /// <summary>Stored samples -> floats: float16 bits as they are, int16 times the record's scale.</summary>
    internal static void Decode(CacheStorage storage, float scale, ReadOnlySpan<short> stored, Span<float> destination)
    {
        if (storage == CacheStorage.Float16)
        {
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<short, Half>(stored), destination);
        }
        else
        {
            TensorPrimitives.ConvertTruncating<short, float>(stored, destination);
            TensorPrimitives.Multiply(destination, scale, destination);
        }
    }

    /// <summary>Copies the whole record <paramref name="index"/> as [leads, samples] floats.</summary>
    public void Read(int index, Span<float> destination) => Read(index, 0, Samples, destination);

    /// <summary>Re-reads every shard and compares payload checksums; returns the damaged shards' paths.</summary>
    public IReadOnlyList<string> VerifyShards() =>
        Enumerable.Range(0, headers.Length).Where(s => !ShardFile.VerifyPayload(ShardPath(Directory, s), headers[s])).Select(s => ShardPath(Directory, s)).ToList();

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (MemoryMappedViewAccessor v in views)
        {
            v.SafeMemoryMappedViewHandle.ReleasePointer();
            v.Dispose();
        }

        foreach (MemoryMappedFile f in files)
        {
            f.Dispose();
        }
    }
}

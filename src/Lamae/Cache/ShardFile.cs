using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Lamae.Common;

namespace Lamae.Cache;

/// <summary>The fixed header of a shard file.</summary>
/// <param name="Storage">Sample type.</param>
/// <param name="Leads">Leads per record (12).</param>
/// <param name="Samples">Samples per lead.</param>
/// <param name="Count">Records stored.</param>
/// <param name="FirstSource">Dataset position of the shard's first planned record (resume bookkeeping).</param>
/// <param name="PipelineHash">Hash of the preprocessing pipeline the samples went through.</param>
/// <param name="PayloadChecksum">First 8 bytes of the SHA-256 of everything after the header.</param>
public sealed record ShardHeader(CacheStorage Storage, int Leads, int Samples, int Count, long FirstSource, string PipelineHash, ulong PayloadChecksum)
{
    /// <summary>Bytes of the header.</summary>
    public const int Size = 64;

    /// <summary>Bytes of one record's samples.</summary>
    public long RecordBytes => 2L * Leads * Samples;

    /// <summary>Expected file length.</summary>
    public long FileBytes => Size + (Count * RecordBytes);
}

/// <summary>
/// A shard: a 64-byte header (magic "LMAESHD1", version, storage, leads, samples, count, first dataset position,
/// pipeline hash, payload checksum) followed by records as contiguous [leads, samples] blocks of 16-bit values.
/// Written to a temporary name and renamed, so a shard file that exists is complete.
/// </summary>
public static class ShardFile
{
    /// <summary>Format version.</summary>
    public const int Version = 1;

    private static readonly byte[] Magic = "LMAESHD1"u8.ToArray();

    /// <summary>Writes a shard atomically; <paramref name="payload"/> holds Count records.</summary>
    public static void Write(string path, ShardHeader header, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (payload.Length != header.Count * header.RecordBytes)
        {
            throw new ArgumentException($"payload holds {payload.Length} bytes, {header.Count} records need {header.Count * header.RecordBytes}", nameof(payload));
        }

        ShardHeader h = header with { PayloadChecksum = Checksum(payload) };
        Span<byte> head = stackalloc byte[ShardHeader.Size];
        Encode(h, head);
        using PendingFile file = AtomicFile.Create(path);
        file.Stream.Write(head);
        file.Stream.Write(payload);
        file.Commit();
    }

    /// <summary>Reads and checks a shard's header and file length; a damaged or truncated shard is a <see cref="CacheException"/>.</summary>
    public static ShardHeader ReadHeader(string path)
    {
        if (!File.Exists(path))
        {
            throw new CacheException($"{path}: shard file missing");
        }

        Span<byte> head = stackalloc byte[ShardHeader.Size];
        long length;
        using (FileStream fs = File.OpenRead(path))
        {
            length = fs.Length;
            if (fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
            {
                throw new CacheException($"{path}: shard truncated ({length} bytes, shorter than its 64-byte header)");
            }
        }

        ShardHeader h = Decode(head, path);
        if (length != h.FileBytes)
        {
            throw new CacheException($"{path}: shard is {length} bytes but its header promises {h.FileBytes} ({h.Count} records): truncated or damaged; rebuild the cache");
        }

        return h;
    }

    /// <summary>Recomputes a shard's payload checksum (reads the whole file).</summary>
    public static bool VerifyPayload(string path, ShardHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        using FileStream fs = File.OpenRead(path);
        fs.Seek(ShardHeader.Size, SeekOrigin.Begin);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int n;
        while ((n = fs.Read(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, n);
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(sha.GetHashAndReset()) == header.PayloadChecksum;
    }

    private static ulong Checksum(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(payload));

    private static void Encode(ShardHeader h, Span<byte> b)
    {
        b.Clear();
        Magic.CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(b[12..], (int)h.Storage);
        BinaryPrimitives.WriteInt32LittleEndian(b[16..], h.Leads);
        BinaryPrimitives.WriteInt32LittleEndian(b[20..], h.Samples);
        BinaryPrimitives.WriteInt32LittleEndian(b[24..], h.Count);
        BinaryPrimitives.WriteInt64LittleEndian(b[32..], h.FirstSource);
        Encoding.ASCII.GetBytes(h.PipelineHash.PadRight(16).AsSpan(0, 16), b[40..56]);
        BinaryPrimitives.WriteUInt64LittleEndian(b[56..], h.PayloadChecksum);
    }

    private static ShardHeader Decode(ReadOnlySpan<byte> b, string path)
    {
        if (!b[..8].SequenceEqual(Magic))
        {
            throw new CacheException($"{path}: not a Lamae cache shard (bad magic)");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(b[8..]);
        if (version != Version)
        {
            throw new CacheException($"{path}: shard format version {version}; this Lamae reads version {Version}: rebuild the cache");
        }

        int storage = BinaryPrimitives.ReadInt32LittleEndian(b[12..]);
        int leads = BinaryPrimitives.ReadInt32LittleEndian(b[16..]);
        int samples = BinaryPrimitives.ReadInt32LittleEndian(b[20..]);
        int count = BinaryPrimitives.ReadInt32LittleEndian(b[24..]);
        if (storage is < 0 or > 1 || leads is < 1 or > 64 || samples < 1 || count < 0)
        {
            throw new CacheException($"{path}: shard header is damaged (storage {storage}, leads {leads}, samples {samples}, count {count})");
        }

        return new ShardHeader((CacheStorage)storage, leads, samples, count, BinaryPrimitives.ReadInt64LittleEndian(b[32..]),
            Encoding.ASCII.GetString(b[40..56]).TrimEnd(), BinaryPrimitives.ReadUInt64LittleEndian(b[56..]));
    }
}

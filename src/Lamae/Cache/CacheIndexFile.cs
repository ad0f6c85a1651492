using System.Security.Cryptography;
using System.Text;
using Lamae.Common;
using Lamae.Core;
using Lamae.Io.Datasets;

namespace Lamae.Cache;

/// <summary>
/// The index (and each shard's part of it while building): records and failures in a compact binary form,
/// written atomically. Its SHA-256 is kept in the manifest, so an edited index is detected on open.
/// </summary>
public static class CacheIndexFile
{
    private const int Magic = 0x4958444C;   // "LDXI"
    private const int Version = 1;

    /// <summary>Writes records and failures to <paramref name="path"/> atomically; returns the file's SHA-256 (hex).</summary>
    public static string Write(string path, IReadOnlyList<CacheRecord> records, IReadOnlyList<CacheFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(failures);
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(records.Count);
            foreach (CacheRecord r in records)
            {
                w.Write(r.RecordId);
                w.Write(r.SubjectId);
                w.Write(r.Shard);
                w.Write(r.Slot);
                w.Write(r.LeadMask);
                w.Write(r.FlatMask);
                w.Write(r.SourceSeconds);
                w.Write(r.Scale);
                w.Write(r.Fold);
                w.Write((byte)r.Split);
                w.Write(r.Age ?? double.NaN);
                w.Write((byte)r.Sex);
                w.Write(r.Labels.Count);
                foreach (string l in r.Labels)
                {
                    w.Write(l);
                }
            }

            w.Write(failures.Count);
            foreach (CacheFailure f in failures)
            {
                w.Write(f.RecordId);
                w.Write(f.Reason);
            }
        }

        byte[] bytes = ms.ToArray();
        AtomicFile.WriteAllBytes(path, bytes);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Reads an index; when <paramref name="expectedSha256"/> is given, a different file is a <see cref="CacheException"/>.</summary>
    public static (List<CacheRecord> Records, List<CacheFailure> Failures) Read(string path, string? expectedSha256 = null)
    {
        if (!File.Exists(path))
        {
            throw new CacheException($"{path}: index file missing");
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (expectedSha256 is not null && !Convert.ToHexStringLower(SHA256.HashData(bytes)).Equals(expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new CacheException($"{path}: the index does not match the manifest's checksum: it was edited or damaged; rebuild the cache");
        }

        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (r.ReadInt32() != Magic || r.ReadInt32() != Version)
            {
                throw new CacheException($"{path}: not a Lamae cache index (or another version); rebuild the cache");
            }

            int n = r.ReadInt32();
            if (n < 0 || n > bytes.Length)
            {
                throw new CacheException($"{path}: the index is damaged (claims {n} records); rebuild the cache");
            }

            var records = new List<CacheRecord>(n);
            for (int i = 0; i < n; i++)
            {
                string id = r.ReadString(), subject = r.ReadString();
                int shard = r.ReadInt32(), slot = r.ReadInt32();
                ushort leads = r.ReadUInt16(), flat = r.ReadUInt16();
                float seconds = r.ReadSingle(), scale = r.ReadSingle();
                int fold = r.ReadInt32();
                var split = (DatasetSplit)r.ReadByte();
                double age = r.ReadDouble();
                var sex = (Sex)r.ReadByte();
                int labelCount = r.ReadInt32();
                if (labelCount < 0 || labelCount > 100_000)
                {
                    throw new CacheException($"{path}: the index is damaged at record {i} ({labelCount} labels); rebuild the cache");
                }

                var labels = new string[labelCount];
                for (int k = 0; k < labelCount; k++)
                {
                    labels[k] = r.ReadString();
                }

                records.Add(new CacheRecord(id, subject, shard, slot, leads, flat, seconds, scale, fold, split, labels, double.IsNaN(age) ? null : age, sex));
            }

            int nf = r.ReadInt32();
            if (nf < 0 || nf > bytes.Length)
            {
                throw new CacheException($"{path}: the index is damaged (claims {nf} failures); rebuild the cache");
            }

            var failures = new List<CacheFailure>(nf);
            for (int i = 0; i < nf; i++)
            {
                failures.Add(new CacheFailure(r.ReadString(), r.ReadString()));
            }

            return (records, failures);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or FormatException)
        {
            throw new CacheException($"{path}: the index is truncated or damaged ({ex.Message}); rebuild the cache", ex);
        }
    }
}

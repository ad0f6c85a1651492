using Lamae.Core;
using static TorchSharp.torch;

namespace Lamae.Cache;

/// <summary>A record left out of a corpus cache because it is the same ECG as one kept before it.</summary>
public sealed record CacheDuplicate(string RecordId, string SameAs, double Correlation);

/// <summary>
/// Finds the same ECG stored twice in a corpus (CinC's HR00001 is PTB-XL's record 1, once at 500 Hz, once at 100 Hz):
/// after the cache's pipeline both are the same 10 s at the same rate, so their lead II (else lead I), without the first
/// and last 5 % (where the filters' edge effects differ between 500 and 100 Hz sources) and averaged into <see cref="Bins"/>
/// bins, correlates above <see cref="Threshold"/>, while two recordings of one patient, even minutes apart, are not
/// aligned beat by beat and do not. Measured on the test data: CinC's HR00001 against PTB-XL's record 1, 0.992 (0.96
/// with the edges); unrelated records at most 0.32. All pairs are compared (a matrix product in blocks), so the cost grows
/// with the square of the records: about a second for 10,000.
/// </summary>
public static class CacheDuplicates
{
    /// <summary>Fingerprint length: 225 bins of 40 ms over the middle 9 s of 10 s.</summary>
    public const int Bins = 225;

    /// <summary>Share of the record left out at each end.</summary>
    public const double Margin = 0.05;

    /// <summary>Pearson correlation of two fingerprints above which they are one ECG.</summary>
    public const double Threshold = 0.98;

    private const int Block = 2048;

    /// <summary>
    /// The records (in cache order) that repeat an earlier one; each names the first record it repeats. Reads the
    /// payload of the shards in <paramref name="dir"/> written by the builder.
    /// </summary>
    public static IReadOnlyList<CacheDuplicate> Find(string dir, IReadOnlyList<CacheRecord> records, int samples)
    {
        ArgumentNullException.ThrowIfNull(records);
        var result = new List<CacheDuplicate>();
        foreach (Lead lead in new[] { Lead.II, Lead.I })
        {
            // Each record is fingerprinted on lead II when it has it, else on lead I; only like is compared with like.
            int[] rows = Enumerable.Range(0, records.Count)
                .Where(i => records[i].Has(lead) && (lead == Lead.II || !records[i].Has(Lead.II))).ToArray();
            if (rows.Length < 2)
            {
                continue;
            }

            float[] prints = Fingerprints(dir, records, rows, lead, samples);
            result.AddRange(Pairs(records, rows, prints));
        }

        return result.OrderBy(d => d.RecordId, StringComparer.Ordinal).ToArray();
    }

    private static float[] Fingerprints(string dir, IReadOnlyList<CacheRecord> records, int[] rows, Lead lead, int samples)
    {
        var prints = new float[rows.Length * Bins];
        var raw = new short[samples];
        var values = new float[samples];
        var streams = new Dictionary<int, (FileStream Stream, ShardHeader Header)>();
        try
        {
            for (int k = 0; k < rows.Length; k++)
            {
                CacheRecord r = records[rows[k]];
                if (!streams.TryGetValue(r.Shard, out var shard))
                {
                    string path = EcgCache.ShardPath(dir, r.Shard);
                    shard = (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read), ShardFile.ReadHeader(path));
                    streams[r.Shard] = shard;
                }

                shard.Stream.Position = ShardHeader.Size + (r.Slot * shard.Header.RecordBytes) + ((long)(int)lead * samples * 2);
                shard.Stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(raw.AsSpan()));
                EcgCache.Decode(shard.Header.Storage, r.Scale, raw, values);

                int edge = (int)(samples * Margin);
                Normalise(values.AsSpan(edge, samples - (2 * edge)), prints.AsSpan(k * Bins, Bins));
            }
        }
        finally
        {
            foreach ((FileStream s, _) in streams.Values)
            {
                s.Dispose();
            }
        }

        return prints;
    }

    // Bin means, centred, unit length: the dot product of two prints is their Pearson correlation.
    private static void Normalise(ReadOnlySpan<float> values, Span<float> print)
    {
        for (int b = 0; b < Bins; b++)
        {
            int from = (int)((long)b * values.Length / Bins), to = Math.Max(from + 1, (int)((long)(b + 1) * values.Length / Bins));
            double sum = 0;
            for (int t = from; t < to; t++)
            {
                sum += values[t];
            }

            print[b] = (float)(sum / (to - from));
        }

        double mean = 0;
        foreach (float v in print)
        {
            mean += v;
        }

        mean /= Bins;
        double norm = 0;
        for (int b = 0; b < Bins; b++)
        {
            print[b] -= (float)mean;
            norm += print[b] * (double)print[b];
        }

        float scale = norm > 1e-12 ? (float)(1 / Math.Sqrt(norm)) : 0;  // a flat lead matches nothing
        for (int b = 0; b < Bins; b++)
        {
            print[b] *= scale;
        }
    }

    private static IEnumerable<CacheDuplicate> Pairs(IReadOnlyList<CacheRecord> records, int[] rows, float[] prints)
    {
        using var scope = NewDisposeScope();
        Tensor all = tensor(prints).reshape(rows.Length, Bins);                                     // [R, Bins]
        var duplicateOf = new int[rows.Length];
        var correlation = new double[rows.Length];
        Array.Fill(duplicateOf, -1);
        for (int start = 0; start < rows.Length; start += Block)
        {
            using var block = NewDisposeScope();
            int n = Math.Min(Block, rows.Length - start);
            Tensor c = all.narrow(0, start, n).mm(all.t());                                          // [n, R]
            // Only earlier records count: a record repeats the first one before it that it matches.
            Tensor earlier = arange(rows.Length).unsqueeze(0).lt(arange(start, start + n).unsqueeze(1));  // [n, R]
            Tensor hits = c.gt(Threshold).logical_and(earlier).nonzero();                            // [h, 2]
            if (hits.shape[0] == 0)
            {
                continue;  // TorchSharp cannot copy out an empty tensor
            }

            long[] pairs = hits.data<long>().ToArray();
            float[] values = c.data<float>().ToArray();
            for (int h = 0; h < pairs.Length; h += 2)
            {
                int i = start + (int)pairs[h], j = (int)pairs[h + 1];
                if (duplicateOf[i] < 0 || j < duplicateOf[i])
                {
                    duplicateOf[i] = j;
                    correlation[i] = values[(pairs[h] * rows.Length) + j];
                }
            }
        }

        for (int i = 0; i < rows.Length; i++)
        {
            if (duplicateOf[i] >= 0)
            {
                // A chain (c repeats b, b repeats a) names the first record of the chain.
                int first = duplicateOf[i];
                while (duplicateOf[first] >= 0)
                {
                    first = duplicateOf[first];
                }

                yield return new CacheDuplicate(records[rows[i]].RecordId, records[rows[first]].RecordId, correlation[i]);
            }
        }
    }
}

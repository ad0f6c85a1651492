using Lamae.Cache;
using Lamae.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cache;

/// <summary>
/// A small cache written with the low-level writers, and the values it was written from. Three records per subject;
/// every fifth record has only the limb leads, every seventh a flat V2. Absent and flat leads hold non-zero values
/// in the shards, so a test proves the loader zeros them by mask rather than by what happens to be stored.
/// </summary>
internal sealed class CacheFixture : IDisposable
{
    public const int Leads = 12;
    public const ushort AllLeads = 0x0FFF;
    public const ushort LimbLeads = 0x003F;

    private readonly TempFolder folder = Fixtures.Temp();

    public CacheFixture(int count = 30, int samples = 100, int recordsPerShard = 8, int seed = 1)
    {
        Samples = samples;
        var rng = new Random(seed);
        var records = new List<CacheRecord>(count);
        Values = new float[count][];
        for (int i = 0; i < count; i++)
        {
            string subject = $"p{i / 3:D4}";
            int fold = (i / 3) % 10;
            DatasetSplit split = fold < 8 ? DatasetSplit.Train : fold == 8 ? DatasetSplit.Validation : DatasetSplit.Test;
            ushort mask = i % 5 == 0 ? LimbLeads : AllLeads;
            ushort flat = i % 7 == 0 ? (ushort)(1 << 7) : (ushort)0;
            records.Add(ArrayCache.Record($"r{i:D5}", subject, mask, fold, split, [$"L{i % 4}"], flat));
            Values[i] = Enumerable.Range(0, Leads * samples).Select(_ => (float)((rng.NextDouble() * 8) - 4)).ToArray();
        }

        ArrayCache.Write(folder.Path, records, Leads, samples, i => Values[i], recordsPerShard);
        Cache = EcgCache.Open(folder.Path);
    }

    /// <summary>The cache folder.</summary>
    public string Dir => folder.Path;

    /// <summary>The open cache.</summary>
    public EcgCache Cache { get; }

    /// <summary>Samples per lead.</summary>
    public int Samples { get; }

    /// <summary>What was written for record i, [leads, samples].</summary>
    public float[][] Values { get; }

    /// <summary>Leads a batch should mark present for record i: recorded and not flat.</summary>
    public int Present(int i) => Cache.Records[i].LeadMask & ~Cache.Records[i].FlatMask;

    /// <summary>The written value of record i, lead, sample.</summary>
    public float Value(int i, int lead, int sample) => Values[i][(lead * Samples) + sample];

    public void Dispose()
    {
        Cache.Dispose();
        folder.Dispose();
    }
}

using Lamae.Cache;

namespace Lamae.Tests.Cache;

/// <summary>Allocation measurements count the whole process, so this class runs alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(LoaderAllocationTests), DisableParallelization = true)]
[Collection(nameof(LoaderAllocationTests))]
public sealed class LoaderAllocationTests
{
    [Fact]
    public void Batch_buffers_are_pooled_rather_than_allocated_per_batch()
    {
        using var big = new CacheFixture(count: 160, samples: 1000, recordsPerShard: 80);
        using var loader = new EcgBatchLoader(big.Cache, RecordFilter.All, new LoaderOptions { BatchSize = 16, CropSamples = 900 });
        Drain(loader.Epoch(0));   // fills the pool
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int epoch = 1; epoch <= 5; epoch++)
        {
            Drain(loader.Epoch(epoch));
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // One batch's float buffer is 16 x 12 x 900 x 4 bytes = 691 KB; 50 batches without a pool would allocate over 34 MB.
        Assert.True(allocated < 4_000_000, $"{allocated:N0} bytes allocated for 50 batches");
    }

    private static void Drain(IEnumerable<EcgBatch> batches)
    {
        foreach (EcgBatch b in batches)
        {
            b.Dispose();
        }
    }
}

namespace Lamae.Models;

/// <summary>
/// How a batch is cut into micro-batches for exact gradient accumulation: consecutive ranges of at most
/// <c>size</c> ECGs covering the batch in order. A step's gradient is still the whole batch's; only the activations of
/// one micro-batch are alive at a time, so peak memory follows the micro-batch, not the batch.
/// </summary>
public static class MicroBatches
{
    /// <summary>[0, batch) as (start, length) ranges of at most <paramref name="size"/>; one range when size is at least the batch.</summary>
    public static IEnumerable<(long Start, long Length)> Of(long batch, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        for (long start = 0; start < batch; start += size)
        {
            yield return (start, Math.Min(size, batch - start));
        }
    }
}

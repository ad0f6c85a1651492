using static TorchSharp.torch;

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

    /// <summary>
    /// <paramref name="part"/>(start, length) for each micro-batch, each in its own dispose scope so its temporaries are
    /// freed before the next, concatenated along the batch axis -> [B, ...].
    /// </summary>
    public static Tensor Concat(long batch, int size, Func<long, long, Tensor> part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var parts = new List<Tensor>();
        foreach ((long start, long length) in Of(batch, size))
        {
            using var scope = NewDisposeScope();
            parts.Add(part(start, length).MoveToOuterDisposeScope());
        }

        return parts.Count == 1 ? parts[0] : cat(parts, 0);
    }
}

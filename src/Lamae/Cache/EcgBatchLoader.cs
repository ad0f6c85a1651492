using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Cache;

/// <summary>
/// Batches of cached ECGs for training and evaluation. Each epoch visits the filtered records in an order drawn from
/// (seed, epoch); crops and absent leads are drawn from (seed, epoch, batch), so an epoch is the same whatever the
/// prefetching or threads, and <see cref="Epoch(int, int)"/> resumes mid-epoch exactly. A background thread reads
/// batches into pooled float buffers ahead of the consumer; the consumer's thread turns them into tensors.
/// </summary>
public sealed class EcgBatchLoader : IDisposable
{
    private readonly IReadOnlyList<CacheRecord> records;
    private readonly SampleReader read;
    private readonly int[] filtered;
    private readonly int samples;
    private readonly ConcurrentBag<BatchBuffers> pool = [];
    private readonly CancellationTokenSource disposing = new();
    private readonly ConcurrentDictionary<Thread, bool> workers = new();
    private int activeWorkers;
    private bool disposed;

    /// <summary>A loader over the records of <paramref name="cache"/> that pass <paramref name="filter"/>.</summary>
    public EcgBatchLoader(EcgCache cache, RecordFilter filter, LoaderOptions options)
        : this(NotNull(cache).Records, cache.Leads, cache.Samples, cache.Read, filter, options)
    {
    }

    // The seam for tests: any reader of [leads, length] windows (a failing one, say).
    internal EcgBatchLoader(IReadOnlyList<CacheRecord> records, int leads, int samples, SampleReader read, RecordFilter filter, LoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.CropSamples > samples)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CropSamples, $"a crop of {options.CropSamples} samples is longer than the cached records ({samples} samples)");
        }

        this.records = records;
        this.read = read;
        this.samples = samples;
        Leads = leads;
        Options = options;
        Filter = filter;
        Window = options.CropSamples ?? samples;
        filtered = filter.Apply(records);
    }

    /// <summary>Reads record <paramref name="index"/>'s samples [start, start + length) of every lead as [leads, length] floats.</summary>
    internal delegate void SampleReader(int index, int start, int length, Span<float> destination);

    /// <summary>The options the loader was made with.</summary>
    public LoaderOptions Options { get; }

    /// <summary>The filter the loader was made with.</summary>
    public RecordFilter Filter { get; }

    /// <summary>Leads per ECG (12).</summary>
    public int Leads { get; }

    /// <summary>Samples per ECG in a batch (T).</summary>
    public int Window { get; }

    /// <summary>Records that pass the filter, i.e. visited per epoch (less the dropped tail).</summary>
    public int Count => filtered.Length;

    /// <summary>Positions in the cache of the records that pass the filter, in cache order.</summary>
    public IReadOnlyList<int> Indices => filtered;

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch => Options.DropLast ? Count / Options.BatchSize : (Count + Options.BatchSize - 1) / Options.BatchSize;

    /// <summary>Worker threads running now (0 once every epoch enumeration has ended or been disposed).</summary>
    public int ActiveWorkers => Volatile.Read(ref activeWorkers);

    /// <summary>The order in which epoch <paramref name="epoch"/> visits records (cache positions); its first <see cref="BatchesPerEpoch"/> x batch size are used.</summary>
    public int[] Order(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        int[] order = (int[])filtered.Clone();
        if (Options.Shuffle)
        {
            LoaderRandom.For(Options.Seed, epoch, -1, LoaderRandom.Stream.Order).Shuffle(order);
        }

        return order;
    }

    /// <summary>The batches of epoch <paramref name="epoch"/> (0-based).</summary>
    public IEnumerable<EcgBatch> Epoch(int epoch) => Epoch(epoch, 0);

    /// <summary>The batches of epoch <paramref name="epoch"/> from batch <paramref name="skipBatches"/> on: the same batches a full epoch gives there.</summary>
    public IEnumerable<EcgBatch> Epoch(int epoch, int skipBatches)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (skipBatches < 0 || skipBatches > BatchesPerEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(skipBatches), skipBatches, $"an epoch has {BatchesPerEpoch} batches");
        }

        return Run(epoch, skipBatches);
    }

    /// <summary>Stops every running worker and waits for it to end; batches already handed out stay valid.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        disposing.Cancel();
        // A worker sees the cancellation at its next wait for a buffer or the consumer, so the joins end within a batch.
        foreach (Thread worker in workers.Keys)
        {
            worker.Join();
        }

        disposing.Dispose();
    }

    private static EcgCache NotNull(EcgCache cache) => cache ?? throw new ArgumentNullException(nameof(cache));

    private IEnumerable<EcgBatch> Run(int epoch, int skip)
    {
        int total = BatchesPerEpoch;
        if (skip >= total)
        {
            yield break;
        }

        int[] order = Order(epoch);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(disposing.Token);
        using var free = new BlockingCollection<BatchBuffers>(new ConcurrentQueue<BatchBuffers>());
        using var ready = new BlockingCollection<BatchBuffers>(new ConcurrentQueue<BatchBuffers>(), Options.Prefetch);

        // Prefetch buffers queued, one being filled, one being wrapped by the consumer.
        for (int i = 0; i < Options.Prefetch + 2; i++)
        {
            free.Add(Rent());
        }

        Exception? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                for (int b = skip; b < total; b++)
                {
                    BatchBuffers buffers = free.Take(stop.Token);
                    Fill(epoch, b, order, buffers);
                    ready.Add(buffers, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early or the loader was disposed.
            }
            catch (Exception ex)
            {
                Volatile.Write(ref failure, ex is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerExceptions[0] : ex);
            }
            finally
            {
                ready.CompleteAdding();
                Interlocked.Decrement(ref activeWorkers);
                workers.TryRemove(Thread.CurrentThread, out _);
            }
        })
        {
            IsBackground = true,
            Name = "lamae-loader",
        };

        Interlocked.Increment(ref activeWorkers);
        workers[worker] = true;
        try
        {
            worker.Start();
        }
        catch
        {
            Interlocked.Decrement(ref activeWorkers);
            workers.TryRemove(worker, out _);
            throw;
        }

        try
        {
            for (int b = skip; b < total; b++)
            {
                BatchBuffers filled = Next(ready, stop.Token, ref failure);
                EcgBatch batch;
                try
                {
                    batch = Wrap(epoch, filled);
                }
                finally
                {
                    free.Add(filled, CancellationToken.None);
                }

                yield return batch;
            }
        }
        finally
        {
            stop.Cancel();
            worker.Join();
            foreach (BatchBuffers b in free.Concat(ready))
            {
                pool.Add(b);
            }
        }
    }

    private static BatchBuffers Next(BlockingCollection<BatchBuffers> ready, CancellationToken token, ref Exception? failure)
    {
        if (ready.TryTake(out BatchBuffers? filled, Timeout.Infinite, token))
        {
            return filled;
        }

        // The worker finished without this batch: it failed. Rethrow its exception as it was (a CacheException stays one line).
        if (Volatile.Read(ref failure) is { } ex)
        {
            ExceptionDispatchInfo.Throw(ex);
        }

        throw new InvalidOperationException("the loader's worker stopped before the epoch ended");
    }

    private BatchBuffers Rent()
    {
        int size = Options.BatchSize;
        return pool.TryTake(out BatchBuffers? b) && b.Signals.Length == size * Leads * Window ? b : new BatchBuffers(size, Leads, Window);
    }

    // Draws first (sequentially, so they do not depend on threads), then reads the windows.
    private void Fill(int epoch, int batch, int[] order, BatchBuffers buffers)
    {
        int size = Options.BatchSize;
        int first = batch * size;
        int count = Math.Min(size, order.Length - first);
        LoaderRandom crop = LoaderRandom.For(Options.Seed, epoch, batch, LoaderRandom.Stream.Crop);
        LoaderRandom absent = LoaderRandom.For(Options.Seed, epoch, batch, LoaderRandom.Stream.AbsentLeads);
        int allLeads = (1 << Leads) - 1;
        buffers.Batch = batch;
        buffers.Count = count;
        for (int i = 0; i < count; i++)
        {
            int index = order[first + i];
            CacheRecord r = records[index];
            buffers.Indices[i] = index;
            buffers.Starts[i] = Window == samples ? 0 : Options.RandomCrop ? crop.NextInt(samples - Window + 1) : (samples - Window) / 2;
            int present = r.LeadMask & ~r.FlatMask & allLeads;
            buffers.Masks[i] = Options.AbsentLeadChance > 0 ? MarkLeadsAbsent(present, Options.AbsentLeadChance, ref absent) : present;
        }

        if (Options.Threads == 1 || count == 1)
        {
            for (int i = 0; i < count; i++)
            {
                ReadOne(buffers, i);
            }
        }
        else
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Options.Threads }, i => ReadOne(buffers, i));
        }
    }

    private void ReadOne(BatchBuffers buffers, int i)
    {
        int stride = Leads * Window;
        Span<float> ecg = buffers.Signals.AsSpan(i * stride, stride);
        read(buffers.Indices[i], buffers.Starts[i], Window, ecg);
        int mask = buffers.Masks[i];
        for (int lead = 0; lead < Leads; lead++)
        {
            bool on = (mask & (1 << lead)) != 0;
            buffers.LeadMask[(i * Leads) + lead] = on;
            if (!on)
            {
                ecg.Slice(lead * Window, Window).Clear();
            }
        }
    }

    // Each present lead marked absent with probability p; if that takes them all, one present lead (uniform) comes back.
    private static int MarkLeadsAbsent(int present, double p, ref LoaderRandom rng)
    {
        int kept = 0;
        for (int bits = present; bits != 0; bits &= bits - 1)
        {
            int lead = BitOperations.TrailingZeroCount(bits);
            if (rng.NextDouble() >= p)
            {
                kept |= 1 << lead;
            }
        }

        if (kept != 0 || present == 0)
        {
            return kept;
        }

        int pick = rng.NextInt(BitOperations.PopCount((uint)present));
        int rest = present;
        for (int k = 0; k < pick; k++)
        {
            rest &= rest - 1;
        }

        return 1 << BitOperations.TrailingZeroCount(rest);
    }

    // On the consumer's thread, so the tensors belong to its DisposeScope (if any).
    private EcgBatch Wrap(int epoch, BatchBuffers b)
    {
        int n = b.Count;
        Tensor signals = torch.empty([n, Leads, Window], ScalarType.Float32);
        Tensor mask;
        try
        {
            b.Signals.AsSpan(0, n * Leads * Window).CopyTo(MemoryMarshal.Cast<byte, float>(signals.bytes));
            mask = torch.empty([n, Leads], ScalarType.Bool);
            MemoryMarshal.AsBytes(b.LeadMask.AsSpan(0, n * Leads)).CopyTo(mask.bytes);
        }
        catch
        {
            signals.Dispose();
            throw;
        }

        var recs = new CacheRecord[n];
        for (int i = 0; i < n; i++)
        {
            recs[i] = records[b.Indices[i]];
        }

        return new EcgBatch(signals, mask, epoch, b.Batch, b.Indices.AsSpan(0, n).ToArray(), b.Starts.AsSpan(0, n).ToArray(), recs);
    }

    private sealed class BatchBuffers(int size, int leads, int window)
    {
        public float[] Signals { get; } = new float[size * leads * window];

        public bool[] LeadMask { get; } = new bool[size * leads];

        public int[] Indices { get; } = new int[size];

        public int[] Starts { get; } = new int[size];

        public int[] Masks { get; } = new int[size];

        public int Batch { get; set; }

        public int Count { get; set; }
    }
}

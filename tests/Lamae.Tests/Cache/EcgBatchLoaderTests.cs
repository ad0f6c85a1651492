using Lamae.Cache;
using Lamae.Core;
using TorchSharp;

namespace Lamae.Tests.Cache;

public sealed class EcgBatchLoaderTests : IDisposable
{
    // float16 keeps 11 significant bits: round-to-nearest is within 2^-11 of the value (plus the subnormal step).
    private const double HalfRelative = 1.0 / 2048, HalfAbsolute = 6e-8;

    private readonly CacheFixture fx = new();

    public void Dispose() => fx.Dispose();

    [Fact]
    public void Batches_hold_the_cached_values_with_absent_and_flat_leads_zero_and_masked()
    {
        using var loader = new EcgBatchLoader(fx.Cache, RecordFilter.All, LoaderOptions.Evaluation(batchSize: 8));
        List<Snapshot> batches = Collect(loader.Epoch(0));

        Assert.Equal([8, 8, 8, 6], batches.Select(b => b.Indices.Length));
        Assert.Equal(Enumerable.Range(0, 30), batches.SelectMany(b => b.Indices));
        Assert.All(batches, b => Assert.Equal([b.Indices.Length, 12L, 100L], b.Shape));
        int absentChecked = 0;
        foreach (Snapshot b in batches)
        {
            for (int i = 0; i < b.Indices.Length; i++)
            {
                int r = b.Indices[i];
                Assert.Equal(fx.Cache.Records[r], b.Records[i]);
                for (int lead = 0; lead < 12; lead++)
                {
                    bool present = (fx.Present(r) & (1 << lead)) != 0;
                    Assert.Equal(present, b.Mask[(i * 12) + lead]);
                    for (int t = 0; t < 100; t++)
                    {
                        float got = b.Signal(i, lead, t), want = fx.Value(r, lead, t);
                        if (present)
                        {
                            Assert.True(Math.Abs(got - want) <= (Math.Abs(want) * HalfRelative) + HalfAbsolute, $"record {r} lead {lead} sample {t}: {got} vs {want}");
                        }
                        else
                        {
                            Assert.Equal(0f, got);
                            absentChecked++;
                        }
                    }
                }
            }
        }

        // 6 limb-only records (6 absent leads each) and flat V2 in records 7, 14, 21, 28 (0 is limb-only anyway).
        Assert.Equal(((6 * 6) + 4) * 100, absentChecked);
    }

    [Fact]
    public void Shuffled_epochs_are_permutations_reproducible_per_seed_and_epoch_and_different_otherwise()
    {
        var options = new LoaderOptions { BatchSize = 8, Seed = 5, DropLast = false };
        int[] Visit(LoaderOptions o, int epoch)
        {
            using var loader = new EcgBatchLoader(fx.Cache, RecordFilter.All, o);
            int[] seen = Collect(loader.Epoch(epoch)).SelectMany(b => b.Indices).ToArray();
            Assert.Equal(loader.Order(epoch), seen);
            return seen;
        }

        int[] e0 = Visit(options, 0);
        Assert.Equal(Enumerable.Range(0, 30), e0.Order());
        Assert.NotEqual(Enumerable.Range(0, 30), e0);
        Assert.Equal(e0, Visit(options, 0));
        Assert.NotEqual(e0, Visit(options, 1));
        Assert.Equal(Enumerable.Range(0, 30), Visit(options, 1).Order());
        Assert.NotEqual(e0, Visit(options with { Seed = 6 }, 0));
        Assert.Equal(Enumerable.Range(0, 30), Visit(options with { Shuffle = false }, 0));
    }

    [Fact]
    public void DropLast_drops_only_the_tail_of_the_epoch_order()
    {
        using var loader = new EcgBatchLoader(fx.Cache, RecordFilter.All, new LoaderOptions { BatchSize = 8, Seed = 2 });
        Assert.Equal(3, loader.BatchesPerEpoch);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            List<Snapshot> batches = Collect(loader.Epoch(epoch));
            Assert.All(batches, b => Assert.Equal(8, b.Indices.Length));
            Assert.Equal(loader.Order(epoch)[..24], batches.SelectMany(b => b.Indices));
        }
    }

    [Fact]
    public void Random_crops_lie_inside_the_record_hold_its_window_and_repeat_whatever_the_prefetch_and_threads()
    {
        var options = new LoaderOptions { BatchSize = 4, CropSamples = 40, Seed = 3, DropLast = false, Prefetch = 1, Threads = 1 };
        using var a = new EcgBatchLoader(fx.Cache, RecordFilter.All, options);
        using var b = new EcgBatchLoader(fx.Cache, RecordFilter.All, options with { Prefetch = 8, Threads = 2 });
        List<Snapshot> first = Collect(a.Epoch(0));
        List<Snapshot> again = Collect(b.Epoch(0));

        AssertSame(first, again);
        int[] starts = first.SelectMany(s => s.Starts).ToArray();
        Assert.All(starts, s => Assert.InRange(s, 0, 60));
        Assert.True(starts.Distinct().Count() > 10, "random starts should vary: " + string.Join(',', starts));
        Assert.NotEqual(starts, Collect(a.Epoch(1)).SelectMany(s => s.Starts));
        foreach (Snapshot s in first)
        {
            Assert.Equal([s.Indices.Length, 12L, 40L], s.Shape);
            for (int i = 0; i < s.Indices.Length; i++)
            {
                int lead = (int)Lead.II;
                for (int t = 0; t < 40; t++)
                {
                    float want = fx.Value(s.Indices[i], lead, s.Starts[i] + t);
                    Assert.True(Math.Abs(s.Signal(i, lead, t) - want) <= (Math.Abs(want) * HalfRelative) + HalfAbsolute);
                }
            }
        }
    }

    [Fact]
    public void Without_randomness_the_crop_is_the_centre_window()
    {
        using var loader = new EcgBatchLoader(fx.Cache, RecordFilter.All, LoaderOptions.Evaluation(8, cropSamples: 40));
        List<Snapshot> batches = Collect(loader.Epoch(0));
        Assert.All(batches.SelectMany(b => b.Starts), s => Assert.Equal(30, s));
        float want = fx.Value(3, 0, 30);
        Assert.True(Math.Abs(batches[0].Signal(3, 0, 0) - want) <= (Math.Abs(want) * HalfRelative) + HalfAbsolute);
    }

    [Fact]
    public void A_crop_longer_than_the_records_is_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new EcgBatchLoader(fx.Cache, RecordFilter.All, new LoaderOptions { CropSamples = 101 }));
        Assert.Contains("100 samples", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.7)]
    public void Absent_lead_chance_keeps_at_least_one_lead_and_marks_leads_absent_at_the_asked_rate(double p)
    {
        using var big = new CacheFixture(count: 600, samples: 10, recordsPerShard: 100);
        using var loader = new EcgBatchLoader(big.Cache, RecordFilter.All, new LoaderOptions { BatchSize = 50, AbsentLeadChance = p, Seed = 9 });
        long present = 0, hidden = 0;
        foreach (Snapshot b in Collect(loader.Epoch(0)))
        {
            for (int i = 0; i < b.Indices.Length; i++)
            {
                int had = big.Present(b.Indices[i]), kept = 0;
                for (int lead = 0; lead < 12; lead++)
                {
                    if (b.Mask[(i * 12) + lead])
                    {
                        kept |= 1 << lead;
                    }
                    else
                    {
                        Assert.All(Enumerable.Range(0, 10), t => Assert.Equal(0f, b.Signal(i, lead, t)));
                    }
                }

                Assert.Equal(kept, kept & had);
                Assert.NotEqual(0, kept);
                present += int.PopCount(had);
                hidden += int.PopCount(had & ~kept);
            }
        }

        // About 6,500 present leads: the rate's standard error is below 0.007, so 0.03 is over 4 of them.
        // (Keeping one lead when all would go lowers the rate by p^11 / 11 at most: negligible here.)
        Assert.InRange((double)hidden / present, p - 0.03, p + 0.03);
    }

    [Fact]
    public void Absent_lead_chance_of_one_keeps_exactly_one_lead_chosen_at_random()
    {
        using var loader = new EcgBatchLoader(fx.Cache, RecordFilter.All, new LoaderOptions { BatchSize = 10, AbsentLeadChance = 1, Seed = 4 });
        List<Snapshot> batches = Collect(loader.Epoch(0));
        var keptLeads = new HashSet<int>();
        foreach (Snapshot b in batches)
        {
            for (int i = 0; i < b.Indices.Length; i++)
            {
                int[] on = Enumerable.Range(0, 12).Where(l => b.Mask[(i * 12) + l]).ToArray();
                Assert.Single(on);
                Assert.NotEqual(0, fx.Present(b.Indices[i]) & (1 << on[0]));
                keptLeads.Add(on[0]);
            }
        }

        Assert.True(keptLeads.Count >= 6, "the kept lead should vary: " + string.Join(',', keptLeads));
    }

    [Fact]
    public void Resuming_after_some_batches_gives_the_tail_of_the_full_epoch()
    {
        var options = new LoaderOptions { BatchSize = 4, CropSamples = 50, AbsentLeadChance = 0.4, Seed = 11 };
        using var loader = new EcgBatchLoader(fx.Cache, RecordFilter.All, options);
        List<Snapshot> full = Collect(loader.Epoch(2));
        Assert.Equal(7, full.Count);
        foreach (int skip in new[] { 0, 1, 3, 6, 7 })
        {
            using var fresh = new EcgBatchLoader(fx.Cache, RecordFilter.All, options with { Prefetch = 1 + skip });
            List<Snapshot> tail = Collect(fresh.Epoch(2, skip));
            AssertSame(full.Skip(skip).ToList(), tail);
            Assert.Equal(Enumerable.Range(skip, 7 - skip), tail.Select(t => t.Index));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => loader.Epoch(2, 8));
    }

    [Fact]
    public void Breaking_out_early_or_disposing_the_loader_stops_the_worker()
    {
        using var loader = new EcgBatchLoader(fx.Cache, RecordFilter.All, new LoaderOptions { BatchSize = 2, Prefetch = 2 });
        int taken = 0;
        foreach (EcgBatch batch in loader.Epoch(0))
        {
            using (batch)
            {
                Assert.Equal(1, loader.ActiveWorkers);
                if (++taken == 2)
                {
                    break;
                }
            }
        }

        // Ending the loop disposes the enumeration, which stops its worker and waits for it: none runs from here on.
        Assert.Equal(0, loader.ActiveWorkers);

        using IEnumerator<EcgBatch> e = loader.Epoch(1).GetEnumerator();
        Assert.True(e.MoveNext());
        e.Current.Dispose();
        Assert.Equal(1, loader.ActiveWorkers);
        loader.Dispose();   // returns once every worker has ended
        Assert.Equal(0, loader.ActiveWorkers);
        Assert.ThrowsAny<OperationCanceledException>(() => e.MoveNext());
        Assert.Throws<ObjectDisposedException>(() => loader.Epoch(2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_failing_read_reaches_the_consumer_as_the_original_exception_after_the_good_batches(int threads)
    {
        var failure = new CacheException("shard-00002.bin: shard truncated (test)");
        void Read(int index, int start, int length, Span<float> destination)
        {
            if (index == 13)
            {
                throw failure;
            }

            fx.Cache.Read(index, start, length, destination);
        }

        using var loader = new EcgBatchLoader(fx.Cache.Records, 12, 100, Read, RecordFilter.All, LoaderOptions.Evaluation(4) with { Threads = threads });
        var delivered = new List<int>();
        CacheException caught = Assert.Throws<CacheException>(() =>
        {
            foreach (EcgBatch b in loader.Epoch(0))
            {
                using (b)
                {
                    delivered.Add(b.Index);
                }
            }
        });

        Assert.Same(failure, caught);
        Assert.Equal([0, 1, 2], delivered);   // record 13 is in batch 3
        Assert.Equal(0, loader.ActiveWorkers);   // the enumeration ended with the exception and waited for its worker
    }

    [Fact]
    public void Two_hundred_batches_leave_no_live_tensor_behind()
    {
        using var loader = new EcgBatchLoader(fx.Cache, RecordFilter.All, new LoaderOptions { BatchSize = 3, CropSamples = 64, AbsentLeadChance = 0.2 });
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        int batches = 0;
        for (int epoch = 0; batches < 200; epoch++)
        {
            foreach (EcgBatch batch in loader.Epoch(epoch))
            {
                using (batch)
                using (torch.NewDisposeScope())
                {
                    using var masked = batch.Signals * batch.LeadMask.unsqueeze(-1);
                    Assert.True(float.IsFinite(masked.sum().item<float>()));
                    Assert.True(DisposeScopeManager.Statistics.ThreadTotalLiveCount >= before + 2, "the batch's two tensors should count as live");
                }

                Assert.True(batch.Signals.IsInvalid);
                if (++batches == 200)
                {
                    break;
                }
            }
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Filters_keep_the_asked_splits_folds_and_subjects()
    {
        IReadOnlyList<CacheRecord> all = fx.Cache.Records;
        int[] Visit(RecordFilter f)
        {
            using var loader = new EcgBatchLoader(fx.Cache, f, LoaderOptions.Evaluation(7));
            int[] seen = Collect(loader.Epoch(0)).SelectMany(b => b.Indices).ToArray();
            Assert.Equal(loader.Indices, seen);
            return seen;
        }

        Assert.Equal(Enumerable.Range(0, 30).Where(i => all[i].Split == Lamae.Io.Datasets.DatasetSplit.Train), Visit(RecordFilter.Split(Lamae.Io.Datasets.DatasetSplit.Train)));
        Assert.Equal(24, Visit(RecordFilter.Split(Lamae.Io.Datasets.DatasetSplit.Train)).Length);
        Assert.Equal([3, 4, 5, 27, 28, 29], Visit(RecordFilter.Fold(1, 9)));
        Assert.Equal([6, 7, 8, 12, 13, 14], Visit(RecordFilter.Subject(["p0002", "p0004", "nobody"])));
        Assert.Equal([27, 28, 29], Visit(RecordFilter.Split(Lamae.Io.Datasets.DatasetSplit.Test) with { Folds = new HashSet<int> { 9 } }));
        Assert.Empty(Visit(RecordFilter.Split(Lamae.Io.Datasets.DatasetSplit.Test) with { Folds = new HashSet<int> { 1 } }));
    }

    private static void Drain(IEnumerable<EcgBatch> batches)
    {
        foreach (EcgBatch b in batches)
        {
            b.Dispose();
        }
    }

    private static void AssertSame(List<Snapshot> expected, List<Snapshot> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int k = 0; k < expected.Count; k++)
        {
            Assert.Equal(expected[k].Index, actual[k].Index);
            Assert.Equal(expected[k].Indices, actual[k].Indices);
            Assert.Equal(expected[k].Starts, actual[k].Starts);
            Assert.Equal(expected[k].Mask, actual[k].Mask);
            Assert.Equal(expected[k].Signals, actual[k].Signals);
        }
    }

    private static List<Snapshot> Collect(IEnumerable<EcgBatch> batches)
    {
        var list = new List<Snapshot>();
        foreach (EcgBatch b in batches)
        {
            using (b)
            {
                Assert.Equal(torch.ScalarType.Float32, b.Signals.dtype);
                Assert.Equal(torch.ScalarType.Bool, b.LeadMask.dtype);
                list.Add(new Snapshot(b.Index, [.. b.Indices], [.. b.Starts], [.. b.Records], b.LeadMask.data<bool>().ToArray(), b.Signals.data<float>().ToArray(), b.Signals.shape));
            }
        }

        return list;
    }

    private sealed record Snapshot(int Index, int[] Indices, int[] Starts, CacheRecord[] Records, bool[] Mask, float[] Signals, long[] Shape)
    {
        public float Signal(int i, int lead, int t) => Signals[(((i * 12) + lead) * Shape[2]) + t];
    }
}

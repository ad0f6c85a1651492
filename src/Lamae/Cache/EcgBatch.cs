using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Cache;

/// <summary>
/// One batch from an <see cref="EcgBatchLoader"/>: signals, which leads carry signal, and which records they are.
/// The consumer owns it: dispose it (or let an enclosing DisposeScope dispose its tensors).
/// </summary>
public sealed class EcgBatch : IDisposable
{
    internal EcgBatch(Tensor signals, Tensor leadMask, int epoch, int index, int[] indices, int[] starts, CacheRecord[] records)
    {
        Signals = signals;
        LeadMask = leadMask;
        Epoch = epoch;
        Index = index;
        Indices = indices;
        Starts = starts;
        Records = records;
    }

    /// <summary>Float32 [B, leads, T]; hidden and absent leads are zeros.</summary>
    public Tensor Signals { get; }

    /// <summary>Bool [B, leads]: true where the lead was recorded, not flat, and not marked absent by the loader (<see cref="LoaderOptions.AbsentLeadChance"/>).</summary>
    public Tensor LeadMask { get; }

    /// <summary>The epoch this batch belongs to.</summary>
    public int Epoch { get; }

    /// <summary>Position of this batch in its epoch (0-based): resume after it with <c>Epoch(epoch, Index + 1)</c>.</summary>
    public int Index { get; }

    /// <summary>ECGs in the batch (B).</summary>
    public int Count => Indices.Count;

    /// <summary>Each ECG's position in the cache (<see cref="EcgCache.Records"/>).</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>Each ECG's first cached sample in the window (0 without cropping).</summary>
    public IReadOnlyList<int> Starts { get; }

    /// <summary>Each ECG's index entry: subject, labels, split.</summary>
    public IReadOnlyList<CacheRecord> Records { get; }

    public void Dispose()
    {
        Signals.Dispose();
        LeadMask.Dispose();
    }
}

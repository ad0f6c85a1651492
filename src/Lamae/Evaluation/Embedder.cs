using System.Diagnostics;
using Lamae.Cache;
using Lamae.Common;
using Lamae.Core;
using Lamae.Models;
using Lamae.Runtime;
using Lamae.Training;
using static TorchSharp.torch;

namespace Lamae.Evaluation;

/// <summary>How to embed a cache.</summary>
public sealed record EmbedOptions
{
    /// <summary>The leads the model may see (those of them each record has); null: every present lead.</summary>
    public IReadOnlyList<Lead>? Leads { get; init; }

    /// <summary>LAMAE only: what its representation is made of (<see cref="LamaeReadout"/>); the default is the model's.</summary>
    public LamaeReadout Readout { get; init; } = LamaeReadout.LatentsAndPooled;

    /// <summary>
    /// ECGs per forward pass. 16: tiny LAMAE on 3,000 ECGs, 2 threads, "AMD EPYC", took 32.1 s and 1.7 GB peak RSS at 16
    /// against 47.4 s and 5.2 GB at 64 (the same bytes either way); a forward pass holds tens of MB per ECG.
    /// </summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>fp32, or bf16: the model's matrix products (Linear layers and attention) run in bf16 (Runtime/MixedPrecision); the embeddings are fp32 either way.</summary>
    public string Precision { get; init; } = PrecisionChoice.Fp32;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot work.</summary>
    public EmbedOptions Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentException($"batch size {BatchSize}: must be at least 1");
        }

        if (Leads is { Count: 0 })
        {
            throw new ArgumentException("leads: name at least one lead");
        }

        return this;
    }
}

/// <summary>What an embedding pass did.</summary>
/// <param name="Folder">Where it wrote.</param>
/// <param name="Provenance">What it wrote (embedding.json).</param>
/// <param name="EcgPerSecond">Throughput of the forward passes, for the record.</param>
public sealed record EmbedResult(EmbeddingFolder Folder, EmbeddingProvenance Provenance, double EcgPerSecond);

/// <summary>
/// Embeds every record of a cache with a frozen model (DESIGN.md section 7): no masking, eval mode, inference mode,
/// cache order, so the same model and cache give the same bytes. A record longer than the model's window is embedded
/// as the mean over windows that cover it; LAMAE's adaptive lead weights are kept beside the embeddings.
/// </summary>
public static class Embedder
{
    /// <summary>The command-line name of a readout ("latents+pooled", "pooled", "latents", "leads").</summary>
    public static string ReadoutName(LamaeReadout readout) => readout switch
    {
        LamaeReadout.LatentsAndPooled => "latents+pooled",
        _ => readout.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Embeds <paramref name="cache"/> with <paramref name="model"/> (recorded as <paramref name="spec"/>, from
    /// <paramref name="run"/> when trained) into <paramref name="folder"/>; <paramref name="progress"/> counts records.
    /// </summary>
    public static EmbedResult Run(PretrainModel model, ModelSpec spec, string? run, EcgCache cache, EmbeddingFolder folder, EmbedOptions options,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Pretrainer.CheckCache(cache, model.Config, model.Config.Samples);
        int[] starts = WindowStarts(cache.Samples, model.Config.Samples);
        bool[] chosen = Leads.All.Select(l => options.Leads is null || options.Leads.Contains(l)).ToArray();
        int dim = model is LamaeModel lm ? lm.EmbeddingDimOf(options.Readout) : model.EmbeddingDim;
        var embeddings = new List<float>(cache.Records.Count * dim);
        var leadWeights = model is LamaeModel ? new List<float>(cache.Records.Count * Leads.Count) : null;
        var records = new List<EmbeddedRecord>(cache.Records.Count);
        var skipped = new List<CacheFailure>();
        var clock = new Stopwatch();
        model.eval();
        using IDisposable precision = MixedPrecision.Use(PrecisionChoice.ComputeOf(options.Precision));
        using var loader = new EcgBatchLoader(cache, RecordFilter.All, LoaderOptions.Evaluation(options.BatchSize));
        using var chosenLeads = tensor(chosen).unsqueeze(0);  // [1, 12]
        int done = 0;
        foreach (EcgBatch batch in loader.Epoch(0))
        {
            using (batch)
            using (var scope = NewDisposeScope())
            using (inference_mode())
            {
                cancel.ThrowIfCancellationRequested();
                clock.Start();
                Tensor present = batch.LeadMask.logical_and(chosenLeads);  // [B, 12]
                Tensor signals = batch.Signals.mul(present.unsqueeze(-1));  // [B, 12, T]: leads not shown are zeros, as absent ones
                (Tensor e, Tensor? w) = EmbedWindows(model, signals, present, starts, options.Readout);  // [B, D], [B, 12]
                float[] rows = e.data<float>().ToArray();
                float[]? weights = w?.data<float>().ToArray();
                bool[] any = present.any(1).data<bool>().ToArray();
                clock.Stop();
                for (int i = 0; i < batch.Count; i++)
                {
                    CacheRecord r = batch.Records[i];
                    if (!any[i])
                    {
                        skipped.Add(new CacheFailure(r.RecordId, "none of the chosen leads is present"));
                        continue;
                    }

                    embeddings.AddRange(rows.AsSpan(i * dim, dim));
                    leadWeights?.AddRange(weights!.AsSpan(i * Leads.Count, Leads.Count));
                    records.Add(EmbeddedRecord.Of(r));
                }

                done += batch.Count;
                progress?.Report(done);
            }
        }

        var provenance = new EmbeddingProvenance(run, spec, CacheIdentity.Of(cache), Leads.All.Where(l => chosen[(int)l]).Select(l => l.Name()).ToArray(),
            records.Count, dim, starts.Length, skipped, leadWeights is not null, CodeVersion.Current,
            cache.Manifest.Settings.Dataset, cache.Manifest.Settings.Root, model is LamaeModel ? ReadoutName(options.Readout) : null, options.Precision);
        folder.Write(provenance, [.. embeddings], leadWeights?.ToArray(), records);
        return new EmbedResult(folder, provenance, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));
    }

    /// <summary>
    /// Window starts that cover <paramref name="length"/> samples with windows of <paramref name="window"/>: as few as
    /// needed, evenly spread from the first sample to the last (one window when the record fits).
    /// </summary>
    public static int[] WindowStarts(int length, int window)
    {
        if (window < 1 || length < window)
        {
            throw new ArgumentException($"a record of {length} samples has no window of {window}");
        }

        int n = (length + window - 1) / window;
        return n == 1 ? [0] : Enumerable.Range(0, n).Select(k => (int)Math.Round(k * (length - window) / (double)(n - 1), MidpointRounding.ToEven)).ToArray();
    }

    /// <summary>
    /// signals [B, 12, T] in canonical lead order, present [B, 12] -> the mean over windows of the embedding [B, D] and,
    /// for LAMAE, of the lead weights [B, 12]. Rows with no present lead come back as zeros (the caller skips them).
    /// </summary>
    internal static (Tensor Embedding, Tensor? LeadWeights) EmbedWindows(PretrainModel model, Tensor signals, Tensor present, IReadOnlyList<int> starts,
        LamaeReadout readout = LamaeReadout.LatentsAndPooled)
    {
        long b = signals.shape[0];
        Tensor safePresent = present.clone();
        safePresent[present.any(1).logical_not(), 0] = true;   // a placeholder lead, so the model never sees an empty set
        Tensor ids = LamaeModel.CanonicalLeadIds(b, signals.device);
        Tensor? sum = null, weightSum = null;
        foreach (int start in starts)
        {
            Tensor window = signals.narrow(2, start, model.Config.Samples);  // [B, 12, W]
            if (model is LamaeModel lamae)
            {
                Representation r = lamae.represent(window, ids, safePresent, readout);
                sum = sum is null ? r.Embedding : sum + r.Embedding;
                weightSum = weightSum is null ? r.LeadWeights : weightSum + r.LeadWeights;
            }
            else
            {
                Tensor e = model.embed(window, ids, safePresent);
                sum = sum is null ? e : sum + e;
            }
        }

        Tensor keep = present.any(1, keepdim: true).to(ScalarType.Float32);  // [B, 1]
        return (sum!.div(starts.Count).mul(keep).contiguous(), weightSum?.div(starts.Count).mul(keep).contiguous());
    }
}

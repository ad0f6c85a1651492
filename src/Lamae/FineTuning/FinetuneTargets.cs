using Lamae.Cache;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using static TorchSharp.torch;

namespace Lamae.FineTuning;

/// <summary>
/// What a part's network learns: every record's labels as targets, which codes it trains (both classes among the
/// labelled training records; the others predict their prevalence, as the probe's constant codes do), and the
/// positive-weighted BCE over those codes.
/// </summary>
public sealed class FinetuneTargets : IDisposable
{
    private readonly float[] rows;  // [records, C] 0/1, records in cache order
    private readonly Tensor posWeight;  // [C] negatives / positives among the training records (1 for untrained codes)
    private readonly Tensor codeMask;  // [C] 1 for trained codes
    private readonly Device device;

    /// <summary>
    /// The targets of <paramref name="labels"/> over <paramref name="records"/> (the cache's records in cache order, as
    /// <see cref="FineTuner.RecordsOf"/> gives them), weighted on <paramref name="train"/>.
    /// </summary>
    public FinetuneTargets(LabelSet labels, IReadOnlyList<EmbeddedRecord> records, IReadOnlyList<int> train, Device device)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(train);
        Codes = labels.Codes.Count;
        int[] positives = Enumerable.Range(0, Codes).Select(c => train.Count(r => labels.Labels[c][r])).ToArray();
        Trained = positives.Select(p => p > 0 && p < train.Count).ToArray();
        Prevalence = positives.Select(p => p / (double)train.Count).ToArray();
        rows = new float[records.Count * Codes];
        for (int r = 0; r < records.Count; r++)
        {
            for (int c = 0; c < Codes; c++)
            {
                rows[(r * Codes) + c] = labels.Labels[c][r] ? 1f : 0f;
            }
        }

        this.device = device;
        posWeight = tensor(positives.Select((p, c) => Trained[c] ? (float)(train.Count - p) / p : 1f).ToArray()).to(device);
        codeMask = tensor(Trained.Select(t => t ? 1f : 0f).ToArray()).to(device);
    }

    /// <summary>Codes in the label set (C).</summary>
    public int Codes { get; }

    /// <summary>Per code, whether the head learns it.</summary>
    public IReadOnlyList<bool> Trained { get; }

    /// <summary>Per code, its share of positives among the training records (the constant codes' prediction).</summary>
    public IReadOnlyList<double> Prevalence { get; }

    /// <summary>Whether any code can be learned.</summary>
    public bool AnyTrained => Trained.Any(t => t);

    /// <summary>The batch's labels [B, C] on the network's device.</summary>
    public Tensor Of(EcgBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        float[] y = new float[batch.Count * Codes];
        for (int i = 0; i < batch.Count; i++)
        {
            Array.Copy(rows, batch.Indices[i] * Codes, y, i * Codes, Codes);  // a record's row is its position in the cache
        }

        return tensor(y).reshape(batch.Count, Codes).to(device);
    }

    /// <summary>
    /// logits [B, C], labels [B, C] -> [] BCE with positive weights (PyTorch's pos_weight),
    /// w y softplus(-x) + (1 - y) softplus(x), averaged over the batch and the trained codes.
    /// </summary>
    public Tensor Loss(Tensor logits, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(y);
        Tensor perCode = posWeight.mul(y).mul(nn.functional.softplus(logits.neg())) + y.neg().add(1f).mul(nn.functional.softplus(logits));  // [B, C]
        return perCode.mul(codeMask).sum().div(codeMask.sum().mul(logits.shape[0]));
    }

    public void Dispose()
    {
        posWeight.Dispose();
        codeMask.Dispose();
    }
}

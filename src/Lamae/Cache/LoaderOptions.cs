namespace Lamae.Cache;

/// <summary>How an <see cref="EcgBatchLoader"/> batches, crops, masks and orders records. The defaults are for pretraining.</summary>
public sealed record LoaderOptions
{
    /// <summary>ECGs per batch. 64: the LAMAE presets' CPU batch (DESIGN.md section 5; PERFORMANCE.md times batch 64).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Samples per ECG in a batch: null takes the whole cached record; else a window of this many samples.</summary>
    public int? CropSamples { get; init; }

    /// <summary>Window start drawn from the loader's seeded generator (training); false takes the centre window (evaluation).</summary>
    public bool RandomCrop { get; init; } = true;

    /// <summary>
    /// Probability that the loader marks each present lead of an ECG absent (independently; its samples zeroed, its
    /// mask false), keeping at least one: teaches a model to work from any lead subset. 0 (off) by default because
    /// LAMAE's own masking already hides patches and its whole-lead dropout (ModelConfig.LeadDropout) hides leads.
    /// </summary>
    public double AbsentLeadChance { get; init; }

    /// <summary>Visit records in a new seeded order every epoch (training); false keeps cache order.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of every draw (order, crops, absent leads), combined with the epoch and batch number.</summary>
    public int Seed { get; init; }

    /// <summary>Drop the last, smaller batch of an epoch: true for training (steady batch statistics), false for evaluation.</summary>
    public bool DropLast { get; init; } = true;

    /// <summary>Batches the worker prepares ahead of the consumer. 4: enough to hide one slow read, about 12 MB at 64 x [12, 1000].</summary>
    public int Prefetch { get; init; } = 4;

    /// <summary>Threads that read one batch. 1: with 2 cores, torch's compute threads get the rest.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Evaluation settings: cache order, centre crops, no lead marked absent, every record.</summary>
    public static LoaderOptions Evaluation(int batchSize = 64, int? cropSamples = null) => new()
    {
        BatchSize = batchSize,
        CropSamples = cropSamples,
        RandomCrop = false,
        Shuffle = false,
        DropLast = false,
    };

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "a batch holds at least one ECG");
        }

        if (CropSamples is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CropSamples), CropSamples, "a crop holds at least one sample");
        }

        if (!(AbsentLeadChance >= 0 && AbsentLeadChance <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AbsentLeadChance), AbsentLeadChance, "a probability lies in [0, 1]");
        }

        if (Prefetch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Prefetch), Prefetch, "at least one batch is prepared ahead");
        }

        if (Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "at least one thread reads");
        }
    }
}

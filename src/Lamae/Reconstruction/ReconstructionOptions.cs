namespace Lamae.Reconstruction;

/// <summary>How <see cref="Reconstructor"/> rebuilds leads and what it writes.</summary>
public sealed record ReconstructionOptions
{
    /// <summary>The kept-lead sets; each gets its own table.</summary>
    public IReadOnlyList<KeptLeadSet> Sets { get; init; } = [];

    /// <summary>
    /// Records of the evaluation cache to rebuild; null: <see cref="ReconstructionSplit.Eval"/> when the linear map is
    /// fitted on the same cache, else <see cref="ReconstructionSplit.All"/>.
    /// </summary>
    public ReconstructionSplit? Split { get; init; }

    /// <summary>At most this many records (cache order); null: every record of the split.</summary>
    public int? Limit { get; init; }

    /// <summary>Records per kept set that get a printout and a WFDB record. 3: enough to look at, few files.</summary>
    public int Examples { get; init; } = 3;

    /// <summary>ECGs per forward pass. 16: as <c>lamae embed</c>'s default (a forward pass holds tens of MB per ECG).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot work.</summary>
    public ReconstructionOptions Validate()
    {
        if (Sets.Count == 0)
        {
            throw new ArgumentException("--keep: name the leads to keep, e.g. --keep I,II,V2");
        }

        if (Limit is < 1)
        {
            throw new ArgumentException($"--limit {Limit}: must be at least 1");
        }

        if (Examples < 0)
        {
            throw new ArgumentException($"--examples {Examples}: must be 0 or more");
        }

        if (BatchSize < 1)
        {
            throw new ArgumentException($"--batch {BatchSize}: must be at least 1");
        }

        return this;
    }
}

using Lamae.Core;

namespace Lamae.Signal;

/// <summary>What the steps of one pipeline run noticed, per lead; collected while they run, read into a <see cref="PreprocessingResult"/>.</summary>
internal sealed class PreprocessingLog
{
    private readonly bool[] flat = new bool[Leads.Count];
    private readonly bool[] allMissing = new bool[Leads.Count];
    private readonly int[] clipped = new int[Leads.Count];
    private readonly List<string> notApplicable = [];

    public void MarkFlat(Lead lead) => flat[(int)lead] = true;

    public void MarkAllMissing(Lead lead) => allMissing[(int)lead] = true;

    public void AddClipped(Lead lead, int samples) => clipped[(int)lead] += samples;

    public void NotApplicable(string note) => notApplicable.Add(note);

    public PreprocessingResult ToResult(Ecg ecg, string pipelineHash) => new(
        ecg,
        pipelineHash,
        Leads.All.Where(l => flat[(int)l]).ToArray(),
        Leads.All.Where(l => allMissing[(int)l]).ToArray(),
        clipped.ToArray())
    {
        NotApplicable = [.. notApplicable],
    };
}

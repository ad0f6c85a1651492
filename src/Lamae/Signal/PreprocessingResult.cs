using Lamae.Core;

namespace Lamae.Signal;

/// <summary>A preprocessed ECG and what happened to it on the way.</summary>
/// <param name="Ecg">The processed ECG.</param>
/// <param name="PipelineHash">The <see cref="PreprocessingPipeline.Hash"/> of the pipeline that made it; stored with every output.</param>
/// <param name="FlatLeads">Present leads whose standard deviation was below <see cref="Standardise.FlatThreshold"/>: left as zeros, not scaled.</param>
/// <param name="AllNaNLeads">Present leads with no valid sample at all: set to zeros (still marked present).</param>
/// <param name="ClippedSamples">Samples clipped per lead, 12 values in canonical lead order.</param>
public sealed record PreprocessingResult(
    Ecg Ecg,
    string PipelineHash,
    IReadOnlyList<Lead> FlatLeads,
    IReadOnlyList<Lead> AllNaNLeads,
    IReadOnlyList<int> ClippedSamples)
{
    /// <summary>Steps that did not apply to this ECG, one line each ("clip:5: not applicable: values are standardised, not mV").</summary>
    public IReadOnlyList<string> NotApplicable { get; init; } = [];

    /// <summary>Samples clipped over all leads.</summary>
    public int TotalClipped => ClippedSamples.Sum();
}

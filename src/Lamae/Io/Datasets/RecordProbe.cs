using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>What a dataset says about one record from its file's header alone, without decoding samples (see <see cref="IRecordProber"/>).</summary>
/// <param name="SamplingRate">Samples per second.</param>
/// <param name="Samples">Samples per lead.</param>
/// <param name="Leads">The standard leads the record holds.</param>
/// <param name="Storage">How the values are stored, in the place of a WFDB gain ("float16, standardised (not mV)").</param>
public sealed record RecordProbe(double SamplingRate, long Samples, IReadOnlyList<Lead> Leads, string Storage);

namespace Lamae.Core;

/// <summary>
/// A 12-lead ECG in canonical lead order and physical units (mV): every stage after the reader sees this,
/// never a file's own lead order. Absent leads hold zeros and are marked absent; missing samples are NaN.
/// Immutable: processing steps return a new Ecg.
/// </summary>
public sealed class Ecg
{
    private readonly float[] data;   // [12, Length] row-major, mV
    private readonly bool[] present; // [12]

    /// <summary>Creates an ECG from a canonical-order [12, length] buffer (taken, not copied).</summary>
    public Ecg(double samplingRate, int length, float[] data, bool[] present, EcgMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(present);
        ArgumentNullException.ThrowIfNull(metadata);
        if (!(samplingRate > 0) || double.IsInfinity(samplingRate))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "sampling rate must be positive");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (data.Length != Leads.Count * length || present.Length != Leads.Count)
        {
            throw new ArgumentException($"expected [{Leads.Count}, {length}] samples and {Leads.Count} flags, got {data.Length} and {present.Length}");
        }

        SamplingRate = samplingRate;
        Length = length;
        this.data = data;
        this.present = present;
        Metadata = metadata;
    }

    /// <summary>Samples per second.</summary>
    public double SamplingRate { get; }

    /// <summary>Samples per lead.</summary>
    public int Length { get; }

    /// <summary>Duration in seconds.</summary>
    public double Duration => Length / SamplingRate;

    /// <summary>What is known about the recording.</summary>
    public EcgMetadata Metadata { get; }

    /// <summary>The leads present, in canonical order.</summary>
    public IEnumerable<Lead> PresentLeads => Leads.All.Where(l => present[(int)l]);

    /// <summary>Number of leads present.</summary>
    public int PresentCount => present.Count(p => p);

    /// <summary>The whole [12, Length] buffer in canonical order (absent leads are zeros).</summary>
    public ReadOnlySpan<float> Data => data;

    /// <summary>One lead's samples in mV (zeros when absent).</summary>
    public ReadOnlySpan<float> this[Lead lead] => data.AsSpan((int)lead * Length, Length);

    /// <summary>Whether <paramref name="lead"/> was recorded.</summary>
    public bool Has(Lead lead) => present[(int)lead];

    /// <summary>A copy of the presence flags in canonical order.</summary>
    public bool[] PresentMask() => (bool[])present.Clone();

    /// <summary>A copy of the samples as a [12, Length] row-major array.</summary>
    public float[] ToArray() => (float[])data.Clone();

    /// <summary>A new ECG with other samples (same leads and metadata unless given).</summary>
    public Ecg With(double samplingRate, int length, float[] newData, bool[]? newPresent = null, EcgMetadata? metadata = null) =>
        new(samplingRate, length, newData, newPresent ?? PresentMask(), metadata ?? Metadata);

    /// <summary>Builds an ECG from named signals (any order, any subset); unknown names are an error.</summary>
    public static Ecg FromLeads(double samplingRate, IReadOnlyDictionary<Lead, float[]> leads, EcgMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(leads);
        int length = leads.Count == 0 ? 0 : leads.Values.First().Length;
        var buffer = new float[Leads.Count * length];
        var mask = new bool[Leads.Count];
        foreach ((Lead lead, float[] samples) in leads)
        {
            if (samples.Length != length)
            {
                throw new ArgumentException($"lead {lead.Name()} has {samples.Length} samples, the others {length}");
            }

            samples.CopyTo(buffer, (int)lead * length);
            mask[(int)lead] = true;
        }

        return new Ecg(samplingRate, length, buffer, mask, metadata);
    }
}

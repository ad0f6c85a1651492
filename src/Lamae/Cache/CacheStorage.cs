namespace Lamae.Cache;

/// <summary>How samples are stored in cache shards.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after the stored type, as on the command line.")]
public enum CacheStorage
{
    /// <summary>IEEE half precision: about 3 significant digits, any range; the default for standardised signals.</summary>
    Float16 = 0,

    /// <summary>16-bit integers with a per-record scale (max |x| / 32767): exact to 1/65534 of the record's range.</summary>
    Int16 = 1,
}

namespace Lamae.Io.Datasets;

/// <summary>What an HDF5 record holds, known from its dataset's shape without decoding a sample.</summary>
/// <param name="SamplingRate">Samples per second.</param>
/// <param name="Samples">Samples per lead as stored (CODE-15%: its zero padding included).</param>
public sealed record Hdf5RecordShape(double SamplingRate, long Samples)
{
    /// <summary>Duration in seconds.</summary>
    public double Seconds => Samples / SamplingRate;
}

namespace Lamae.Synthetic;

/// <summary>
/// Recording noise, each kind optional. Amplitudes are upper bounds: each ECG draws its own level between zero
/// and the bound, so a dataset holds clean and noisy recordings as real ones do.
/// </summary>
/// <param name="BaselineWander">Baseline wander per electrode (mV, at most), below 0.5 Hz, with a respiratory part.</param>
/// <param name="Muscle">Muscle (EMG-like) noise RMS (mV, at most), broadband, strongest on the limb electrodes.</param>
/// <param name="Mains">Mains hum amplitude (mV, at most).</param>
/// <param name="MainsHz">Mains frequency: 50 or 60 Hz.</param>
/// <param name="MotionBurstsPerMinute">Mean rate of electrode-motion bursts.</param>
/// <param name="FlatLeadProbability">Chance that one lead is zero-filled (a disconnected channel), as in real data.</param>
public sealed record NoiseOptions(
    double BaselineWander = 0.15,
    double Muscle = 0.02,
    double Mains = 0.02,
    double MainsHz = 50,
    double MotionBurstsPerMinute = 1.0,
    double FlatLeadProbability = 0.01)
{
    /// <summary>No noise at all: the leads are the exact projection of the heart vector.</summary>
    public static NoiseOptions None => new(0, 0, 0, 50, 0, 0);

    /// <summary>The default noise levels.</summary>
    public static NoiseOptions Default => new();
}

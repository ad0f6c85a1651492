namespace Lamae.Core;

/// <summary>What an <see cref="Ecg"/>'s sample values measure: millivolts, or per-lead z-scores that carry no voltage.</summary>
public enum EcgUnit
{
    /// <summary>Physical units, mV: what every reader of a WFDB record gives and every check assumes.</summary>
    Millivolts = 0,

    /// <summary>
    /// Already standardised by the data's source (each lead z-scored): amplitudes in mV are unknown, so the amplitude
    /// checks (<see cref="Io.Quality.EcgQuality"/>) and mV-based steps (<see cref="Signal.Clip"/>) do not apply.
    /// </summary>
    Standardised = 1,
}

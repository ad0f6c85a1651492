using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>
/// Command-line or caller choices for an npy dataset; each one given replaces the sidecar's field (<see cref="NpySidecar"/>).
/// Scalars only, so that equal choices compare equal where a cache's settings record them.
/// </summary>
public sealed record NpyOptions
{
    /// <summary>Sampling rate of the arrays (Hz).</summary>
    public double? Rate { get; init; }

    /// <summary>What the values measure.</summary>
    public EcgUnit? Unit { get; init; }

    /// <summary>Which axis is time; null infers it from the lead count.</summary>
    public NpyLayout? Layout { get; init; }

    /// <summary>Whether no choice is made (a null <see cref="NpyOptions"/> means the same).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Rate is null && Unit is null && Layout is null;
}

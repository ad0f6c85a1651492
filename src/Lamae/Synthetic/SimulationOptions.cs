namespace Lamae.Synthetic;

/// <summary>How records are laid out on disk by `lamae simulate`.</summary>
public enum SimulationLayout
{
    /// <summary>MIMIC-IV-ECG's tree files/pNNNN/pNNNNNNNN/sNNNNNNNN/NNNNNNNN, with its CSVs: the MIMIC reader reads it unchanged.</summary>
    Mimic,

    /// <summary>All records in one folder, with the same CSVs.</summary>
    Flat,
}

/// <summary>Everything that determines a simulated dataset; with the same options the output is byte-identical.</summary>
/// <param name="Count">Number of ECGs.</param>
/// <param name="Rate">Sampling rate (Hz); MIMIC-IV-ECG is 500.</param>
/// <param name="Seconds">Duration of each ECG; MIMIC-IV-ECG is 10 s.</param>
/// <param name="Seed">Master seed: each subject and ECG gets its own stream derived from it, so parallelism changes nothing.</param>
/// <param name="Layout">Folder layout.</param>
/// <param name="MeanEcgsPerSubject">Mean recordings per patient (geometric), so patient-wise splits matter.</param>
/// <param name="Prevalence">Per-condition prevalence; null: <see cref="Conditions.DefaultPrevalence"/>.</param>
/// <param name="Noise">Recording noise.</param>
/// <param name="Gain">ADC units per mV in the written files (MIMIC-IV-ECG uses 200).</param>
/// <param name="Difficulty">How plainly conditions show (<see cref="SimulationDifficulty"/>); null noise then means the difficulty's noise.</param>
public sealed record SimulationOptions(
    int Count = 1000,
    double Rate = 500,
    double Seconds = 10,
    int Seed = 0,
    SimulationLayout Layout = SimulationLayout.Mimic,
    double MeanEcgsPerSubject = 2.5,
    IReadOnlyDictionary<Condition, double>? Prevalence = null,
    NoiseOptions? Noise = null,
    double Gain = 200,
    SimulationDifficulty Difficulty = SimulationDifficulty.Standard)
{
    /// <summary>The noise in effect: the options' own, or the difficulty's default.</summary>
    public NoiseOptions EffectiveNoise => Noise ?? DifficultyParameters.For(Difficulty).Noise;
}

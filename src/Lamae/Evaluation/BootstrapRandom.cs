using Lamae.Common;

namespace Lamae.Evaluation;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014), the generator of the patient bootstrap, written out so that
/// tests/reference/evaluation_reference.py draws the very same resamples (neither System.Random nor numpy's generator
/// promises that). With γ = 0x9E3779B97F4A7C15 and s0 = the seed as a 64-bit two's-complement integer, output k
/// (k = 1, 2, ...) is mix(s0 + k·γ mod 2^64), where mix(z) is z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27;
/// z *= 0x94D049BB133111EB; z ^= z >> 31 (all mod 2^64). An output x becomes an index in [0, n) as
/// ((x >> 32) · n) >> 32 (Lemire's multiply-shift on the high 32 bits; the bias, below n / 2^32, is nothing for patient counts).
/// Output k depends on k alone, so any resample can be drawn without drawing the ones before it.
/// </summary>
internal struct BootstrapRandom
{

    private ulong state;

    /// <summary>The generator positioned so that its next output is output number <paramref name="skip"/> + 1.</summary>
    public BootstrapRandom(int seed, ulong skip = 0) => state = unchecked((ulong)(long)seed + (skip * SplitMix64.Gamma));

    /// <summary>The next 64 random bits.</summary>
    public ulong Next() => SplitMix64.Mix(state = unchecked(state + SplitMix64.Gamma));

    /// <summary>Uniform in [0, n).</summary>
    public int NextIndex(int n) => (int)(((Next() >> 32) * (ulong)n) >> 32);

}

namespace Lamae.Common;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; the seeding generator of Java's SplittableRandom and of xoshiro): a state
/// advanced by <see cref="Gamma"/> and mixed by <see cref="Mix"/>. Small, portable and reproducible in any language,
/// which is why the loader, the simulator and the bootstrap (whose Python reference reimplements it) all use it.
/// </summary>
public static class SplitMix64
{
    /// <summary>The golden-ratio increment of the state.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The output function: 64 well-mixed bits of a state.</summary>
    public static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}

using Lamae.Common;

namespace Lamae.Cache;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014) keyed by (seed, epoch, batch, stream): each draw of the loader has its
/// own generator, so a batch's order, crops and absent leads depend only on those numbers, never on prefetching,
/// threads or which batches were skipped. Written out here (not System.Random) so resumed runs match across .NET versions.
/// </summary>
internal struct LoaderRandom
{

    private ulong state;

    private LoaderRandom(ulong state) => this.state = state;

    /// <summary>What a generator is for: each kind of draw has its own stream.</summary>
    public enum Stream
    {
        Order = 1,
        Crop = 2,
        AbsentLeads = 3,
    }

    /// <summary>The generator of <paramref name="stream"/> for one batch of one epoch (batch -1: the whole epoch).</summary>
    public static LoaderRandom For(int seed, int epoch, int batch, Stream stream)
    {
        ulong s = SplitMix64.Mix(unchecked((ulong)(uint)seed + SplitMix64.Gamma));
        s = SplitMix64.Mix(s ^ unchecked((ulong)(uint)epoch * 0xD1B54A32D192ED03UL));
        s = SplitMix64.Mix(s ^ unchecked((ulong)(uint)batch * 0xAEF17502108EF2D9UL));
        s = SplitMix64.Mix(s ^ unchecked((ulong)stream * 0xF58B8B8D3C3A1D33UL));
        return new LoaderRandom(s);
    }

    /// <summary>A generator whose state starts at <paramref name="state"/> (output k = Mix(state + k gamma), k = 1, 2, ...).</summary>
    public static LoaderRandom FromState(ulong state) => new(state);

    /// <summary>The next 64 random bits.</summary>
    public ulong Next() => SplitMix64.Mix(state += SplitMix64.Gamma);

    /// <summary>Uniform in [0, n) (Lemire's multiply-shift; bias below n / 2^32, nothing for record counts).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)(((Next() >> 32) * (ulong)n) >> 32);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

}

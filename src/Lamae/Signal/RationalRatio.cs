using static System.FormattableString;

namespace Lamae.Signal;

/// <summary>A resampling ratio up/down in lowest terms, e.g. 500 Hz to 100 Hz is 1/5 and 257 Hz to 100 Hz is 100/257.</summary>
public readonly record struct RationalRatio
{
    /// <summary>How close up/down must come to the ratio of two rates (relative), so that a rate read as 499.99999999 still counts as 500.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>
    /// Largest up or down factor accepted: resample_poly's filter has 20 × max(up, down) + 1 taps, so larger
    /// factors mean a rate that is not really rational (e.g. 333.3333 Hz) rather than a real pair of rates.
    /// </summary>
    public const int MaxFactor = 10_000;

    /// <summary>Creates up/down, reduced by their greatest common divisor.</summary>
    public RationalRatio(int up, int down)
    {
        if (up < 1)
        {
            throw new ArgumentException(Invariant($"up must be a positive integer, got {up}"), nameof(up));
        }

        if (down < 1)
        {
            throw new ArgumentException(Invariant($"down must be a positive integer, got {down}"), nameof(down));
        }

        int g = Gcd(up, down);
        Up = up / g;
        Down = down / g;
    }

    /// <summary>Upsampling factor.</summary>
    public int Up { get; }

    /// <summary>Downsampling factor.</summary>
    public int Down { get; }

    /// <summary>Whether the ratio is 1 (nothing to do).</summary>
    public bool IsIdentity => Up == Down;

    /// <summary>The ratio <paramref name="to"/> / <paramref name="from"/> as integers, within <see cref="Tolerance"/>; an error if there is none with factors up to <see cref="MaxFactor"/>.</summary>
    public static RationalRatio FromRates(double from, double to)
    {
        CheckRate(from, nameof(from));
        CheckRate(to, nameof(to));
        double ratio = to / from;

        // Continued-fraction convergents p/q of the ratio: the first within tolerance is the simplest such pair.
        long p0 = 0, q0 = 1, p1 = 1, q1 = 0;
        double rest = ratio;
        for (int iteration = 0; iteration < 64; iteration++)
        {
            double whole = Math.Floor(rest);
            long a = (long)whole;
            long p2 = (a * p1) + p0, q2 = (a * q1) + q0;
            if (p2 > MaxFactor || q2 > MaxFactor)
            {
                break;
            }

            if (Math.Abs(((double)p2 / q2) - ratio) <= Tolerance * ratio)
            {
                return new RationalRatio((int)p2, (int)q2);
            }

            (p0, q0, p1, q1) = (p1, q1, p2, q2);
            double fraction = rest - whole;
            if (fraction <= 0)
            {
                break;
            }

            rest = 1 / fraction;
        }

        throw new ArgumentException(
            Invariant($"cannot resample from {from} Hz to {to} Hz: the ratio is not up/down with integers up to {MaxFactor} (within {Tolerance})"),
            nameof(to));
    }

    /// <inheritdoc/>
    public override string ToString() => Invariant($"{Up}/{Down}");

    private static void CheckRate(double rate, string name)
    {
        if (!(rate > 0) || double.IsInfinity(rate))
        {
            throw new ArgumentException(Invariant($"{name} must be a positive number of Hz, got {rate}"), name);
        }
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}

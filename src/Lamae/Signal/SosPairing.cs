using System.Numerics;

namespace Lamae.Signal;

/// <summary>
/// Groups a digital filter's zeros and poles into second-order sections exactly as
/// <c>scipy.signal.zpk2sos(z, p, k, pairing='nearest')</c> does (SciPy 1.10, <c>_filter_design.py</c>):
/// the pole closest to the unit circle goes with its nearest zero, and those sections come last.
/// </summary>
internal static class SosPairing
{
    // SciPy's _cplxreal: a root is real when |imag| <= 100 eps |z|, eps = 2^-52 for float64.
    private const double RealTolerance = 100 * 2.220446049250313e-16;

    public static SecondOrderSections ToSections(ZeroPoleGain zpk)
    {
        var z = new List<Complex>(zpk.Zeros);
        var p = new List<Complex>(zpk.Poles);
        if (z.Count == 0 && p.Count == 0)
        {
            return new SecondOrderSections([zpk.Gain, 0, 0, 1, 0, 0]);
        }

        // Same number of poles and zeros, and an even number of each ('nearest' pairing).
        while (p.Count < z.Count)
        {
            p.Add(Complex.Zero);
        }

        while (z.Count < p.Count)
        {
            z.Add(Complex.Zero);
        }

        int sections = (p.Count + 1) / 2;
        if (p.Count % 2 == 1)
        {
            p.Add(Complex.Zero);
            z.Add(Complex.Zero);
        }

        z = ComplexThenReal(z);
        p = ComplexThenReal(p);
        var sos = new double[sections * 6];

        // Built from the last section backwards so that the poles nearest the unit circle come last.
        for (int si = sections - 1; si >= 0; si--)
        {
            int p1Index = IndexOfWorst(p, Enumerable.Range(0, p.Count));
            Complex p1 = p[p1Index];
            p.RemoveAt(p1Index);
            Span<double> section = sos.AsSpan(si * 6, 6);

            if (IsReal(p1) && !p.Any(IsReal))
            {
                // The last real pole: a first-order section padded with a pole and zero at the origin.
                Complex z1 = Take(z, p1, Which.Real);
                Write(section, [z1, 0], [p1, 0]);
            }
            else if (p.Count + 1 == z.Count && !IsReal(p1) && p.Count(IsReal) == 1 && z.Count(IsReal) == 1)
            {
                // One real pole and one real zero are left: they must end up together, so take a complex zero.
                Complex z1 = Take(z, p1, Which.Complex);
                Write(section, [z1, Complex.Conjugate(z1)], [p1, Complex.Conjugate(p1)]);
            }
            else
            {
                Complex p2;
                if (IsReal(p1))
                {
                    int p2Index = IndexOfWorst(p, Enumerable.Range(0, p.Count).Where(i => IsReal(p[i])));
                    p2 = p[p2Index];
                    p.RemoveAt(p2Index);
                }
                else
                {
                    p2 = Complex.Conjugate(p1);
                }

                if (z.Count > 0)
                {
                    Complex z1 = Take(z, p1, Which.Any);
                    if (!IsReal(z1))
                    {
                        Write(section, [z1, Complex.Conjugate(z1)], [p1, p2]);
                    }
                    else if (z.Count > 0)
                    {
                        Complex z2 = Take(z, p1, Which.Real);
                        Write(section, [z1, z2], [p1, p2]);
                    }
                    else
                    {
                        Write(section, [z1], [p1, p2]);
                    }
                }
                else
                {
                    Write(section, [], [p1, p2]);
                }
            }
        }

        // The whole gain goes into the first section's numerator.
        for (int i = 0; i < 3; i++)
        {
            sos[i] *= zpk.Gain;
        }

        return new SecondOrderSections(sos);
    }

    private enum Which
    {
        Real,
        Complex,
        Any,
    }

    private static bool IsReal(Complex c) => c.Imaginary == 0;

    // np.argmin(np.abs(1 - np.abs(p))): the first index with the smallest distance to the unit circle.
    private static int IndexOfWorst(List<Complex> p, IEnumerable<int> candidates)
    {
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        foreach (int i in candidates)
        {
            double d = Math.Abs(1 - Complex.Abs(p[i]));
            if (d < bestDistance)
            {
                best = i;
                bestDistance = d;
            }
        }

        return best;
    }

    // _nearest_real_complex_idx: the nearest root of the requested kind to `to`, removed from the list.
    private static Complex Take(List<Complex> from, Complex to, Which which)
    {
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int i = 0; i < from.Count; i++)
        {
            bool real = IsReal(from[i]);
            if ((which == Which.Real && !real) || (which == Which.Complex && real))
            {
                continue;
            }

            double d = Complex.Abs(from[i] - to);
            if (d < bestDistance)
            {
                best = i;
                bestDistance = d;
            }
        }

        if (best < 0)
        {
            throw new InvalidOperationException("zpk2sos pairing found no zero of the needed kind");
        }

        Complex found = from[best];
        from.RemoveAt(best);
        return found;
    }

    // _single_zpksos: b = poly(z), a = poly(p), right-aligned in the 3 + 3 coefficients.
    private static void Write(Span<double> section, Complex[] zeros, Complex[] poles)
    {
        section.Clear();
        double[] b = Poly(zeros);
        double[] a = Poly(poles);
        b.CopyTo(section[(3 - b.Length)..3]);
        a.CopyTo(section[(6 - a.Length)..6]);
    }

    // numpy.poly: convolve (1 - r x) over the roots; conjugate pairs give real coefficients.
    private static double[] Poly(Complex[] roots)
    {
        var c = new Complex[roots.Length + 1];
        c[0] = Complex.One;
        for (int k = 0; k < roots.Length; k++)
        {
            for (int j = k + 1; j >= 1; j--)
            {
                c[j] += -roots[k] * c[j - 1];
            }
        }

        return c.Select(x => x.Real).ToArray();
    }

    // _cplxreal followed by concatenate: one root per conjugate pair (positive imaginary part, pairs averaged),
    // sorted by real part then |imag|, followed by the real roots sorted by value.
    private static List<Complex> ComplexThenReal(List<Complex> roots)
    {
        List<Complex> sorted = [.. roots.OrderBy(c => c.Real).ThenBy(c => Math.Abs(c.Imaginary))];
        var reals = new List<double>();
        var positive = new List<Complex>();
        var negative = new List<Complex>();
        foreach (Complex c in sorted)
        {
            if (Math.Abs(c.Imaginary) <= RealTolerance * Complex.Abs(c))
            {
                reals.Add(c.Real);
            }
            else if (c.Imaginary > 0)
            {
                positive.Add(c);
            }
            else
            {
                negative.Add(c);
            }
        }

        if (positive.Count != negative.Count)
        {
            throw new InvalidOperationException("a complex root has no conjugate");
        }

        SortRunsByImaginary(positive, negative);
        var result = new List<Complex>(positive.Count + reals.Count);
        for (int i = 0; i < positive.Count; i++)
        {
            result.Add((positive[i] + Complex.Conjugate(negative[i])) / 2);
        }

        result.AddRange(reals.Select(r => new Complex(r, 0)));
        return result;
    }

    // Within runs of (nearly) equal real parts, order both halves by |imag|; SciPy finds the runs in the positive half.
    private static void SortRunsByImaginary(List<Complex> positive, List<Complex> negative)
    {
        int start = 0;
        while (start < positive.Count)
        {
            int stop = start;
            while (stop + 1 < positive.Count && positive[stop + 1].Real - positive[stop].Real <= RealTolerance * Complex.Abs(positive[stop]))
            {
                stop++;
            }

            if (stop > start)
            {
                SortRange(positive, start, stop);
                SortRange(negative, start, stop);
            }

            start = stop + 1;
        }
    }

    private static void SortRange(List<Complex> half, int start, int stop)
    {
        List<Complex> run = [.. half.GetRange(start, stop - start + 1).OrderBy(c => Math.Abs(c.Imaginary))];
        for (int i = 0; i < run.Count; i++)
        {
            half[start + i] = run[i];
        }
    }
}

namespace Lamae.Evaluation;

/// <summary>The settings the linear probe chooses from on validation (DESIGN.md section 7), and how each is solved.</summary>
public sealed record ProbeSelectionOptions
{
    /// <summary>Inverse penalty strengths tried: 11 points, log-spaced from 1e-3 to 1e2 (the field's grid, DESIGN.md section 7).</summary>
    public IReadOnlyList<double> CGrid { get; init; } = LogGrid(1e-3, 1e2, 11);

    /// <summary>Class weightings tried with every C: none and balanced (DESIGN.md section 7).</summary>
    public IReadOnlyList<ClassWeight> ClassWeights { get; init; } = [ClassWeight.None, ClassWeight.Balanced];

    /// <summary>How every grid point is solved (to convergence by default).</summary>
    public LogisticSolverOptions Solver { get; init; } = new();

    /// <summary>
    /// Every grid point in the order tried: class weighting outer, C inner (ascending by default, so each fit starts
    /// from the neighbouring C's optimum); on equal validation loss (within <see cref="ProbeSelection.TieTolerance"/>)
    /// the first in this order wins.
    /// </summary>
    public IReadOnlyList<ProbeGridPoint> Grid => ClassWeights.SelectMany(w => CGrid.Select(c => new ProbeGridPoint(c, w))).ToArray();

    /// <summary><paramref name="points"/> values from <paramref name="first"/> to <paramref name="last"/>, equally spaced in log10.</summary>
    public static IReadOnlyList<double> LogGrid(double first, double last, int points)
    {
        if (!(first > 0) || !(last >= first) || points < 1 || (points == 1 && last != first))
        {
            throw new ArgumentException($"a log grid needs 0 < first <= last and at least one point (two unless first = last), got {first}, {last}, {points}");
        }

        double from = Math.Log10(first), step = points == 1 ? 0 : (Math.Log10(last) - from) / (points - 1);
        // Powers of 10 from the exponent, so 1e-3, 1, 1e2 come out exact rather than accumulated.
        return Enumerable.Range(0, points).Select(i => Math.Pow(10, from + i * step)).ToArray();
    }
}

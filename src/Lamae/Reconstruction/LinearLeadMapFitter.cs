using Lamae.Core;
using static TorchSharp.torch;

namespace Lamae.Reconstruction;

/// <summary>
/// Fits a <see cref="LinearLeadMap"/> by least squares with an intercept: for each missing lead j, y_j ~ [x_kept, 1] over
/// every time sample of every ECG that has all kept leads and lead j. Batches add their normal equations in float64
/// (one Gram matrix of [kept, 1, all 12 leads] per ECG, so all targets come from one product); <see cref="Solve"/> solves
/// the (k+1) x (k+1) systems by Cholesky.
/// </summary>
public sealed class LinearLeadMapFitter
{
    private readonly KeptLeadSet set;
    private readonly int k;     // kept leads
    private readonly int m;     // k + 1 + 12: kept, the constant, every lead as a target
    private readonly double[] sums;   // [12, m, m]: per target lead, the summed Gram matrices of the ECGs that count for it
    private readonly int[] records;   // [12]: ECGs that count for each target lead
    private int recordsWithKept;

    /// <summary>An empty fit of the map from <paramref name="set"/>'s kept leads.</summary>
    public LinearLeadMapFitter(KeptLeadSet set)
    {
        this.set = set ?? throw new ArgumentNullException(nameof(set));
        k = set.Kept.Count;
        m = k + 1 + Leads.Count;
        sums = new double[Leads.Count * m * m];
        records = new int[Leads.Count];
    }

    /// <summary>Adds a batch: signals [B, 12, T] in canonical order, present [B, 12] bool (leads with signal).</summary>
    public void Add(Tensor signals, Tensor present)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(present);
        using var scope = NewDisposeScope();
        long b = signals.shape[0], t = signals.shape[2];
        Tensor x = signals.to(ScalarType.Float64).to(CPU);  // [B, 12, T]
        Tensor has = present.to(ScalarType.Bool).to(CPU);  // [B, 12]
        Tensor keptIndex = tensor(set.Kept.Select(l => (long)l).ToArray());  // [k]
        Tensor z = cat([x.index_select(1, keptIndex), ones(b, 1, t, dtype: ScalarType.Float64), x], 1);  // [B, m, T]
        Tensor gram = z.bmm(z.transpose(1, 2));  // [B, m, m]
        Tensor allKept = has.index_select(1, keptIndex).all(1, keepdim: true);  // [B, 1]
        Tensor counts = has.logical_and(allKept).to(ScalarType.Float64);  // [B, 12]: ECG b counts for target j
        Tensor perTarget = counts.t().matmul(gram.view(b, m * m));  // [12, m*m]
        double[] add = perTarget.contiguous().data<double>().ToArray();
        for (int i = 0; i < add.Length; i++)
        {
            sums[i] += add[i];
        }

        // sum([0]), not sum(0): a literal 0 converts to ScalarType and would pick the whole-tensor sum.
        int[] c = counts.sum([0L]).to(ScalarType.Int32).data<int>().ToArray();
        for (int j = 0; j < Leads.Count; j++)
        {
            records[j] += c[j];
        }

        recordsWithKept += (int)allKept.sum().item<long>();
    }

    /// <summary>
    /// The least-squares map. A missing lead that no training ECG had together with the kept leads, or kept leads that
    /// are collinear in the training data, is a <see cref="LamaeException"/> naming the set and the lead.
    /// </summary>
    public LinearLeadMap Solve()
    {
        int n = k + 1;
        var targets = new List<LeadRegression>(set.Missing.Count);
        foreach (Lead lead in set.Missing)
        {
            int j = (int)lead, offset = j * m * m;
            if (records[j] == 0)
            {
                throw new LamaeException($"linear map from {set.Name}: no training ECG has all of {set.Name} and {lead.Name()}; fit it on a cache that has them (--fit-cache)");
            }

            var a = new double[n, n];
            var rhs = new double[n];
            for (int r = 0; r < n; r++)
            {
                for (int col = 0; col < n; col++)
                {
                    a[r, col] = sums[offset + (r * m) + col];
                }

                rhs[r] = sums[offset + (r * m) + n + j];
            }

            double[] beta = CholeskySolve(a, rhs)
                ?? throw new LamaeException($"linear map from {set.Name} to {lead.Name()}: the kept leads are collinear (or constant) in the training ECGs; keep other leads");
            targets.Add(new LeadRegression(lead.Name(), beta[..k], beta[k], records[j], (long)Math.Round(sums[offset + (k * m) + k])));
        }

        return new LinearLeadMap(set, targets, recordsWithKept);
    }

    // Solves a x = b for symmetric positive definite a; null when a is not (numerically) positive definite.
    private static double[]? CholeskySolve(double[,] a, double[] b)
    {
        // A pivot this small relative to the diagonal means the columns are dependent to within float64 rounding.
        const double RelativePivot = 1e-12;
        int n = b.Length;
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int p = 0; p < j; p++)
                {
                    s -= l[i, p] * l[j, p];
                }

                if (i == j)
                {
                    if (!(s > RelativePivot * Math.Abs(a[i, i])))
                    {
                        return null;
                    }

                    l[i, i] = Math.Sqrt(s);
                }
                else
                {
                    l[i, j] = s / l[j, j];
                }
            }
        }

        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int p = 0; p < i; p++)
            {
                s -= l[i, p] * y[p];
            }

            y[i] = s / l[i, i];
        }

        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int p = i + 1; p < n; p++)
            {
                s -= l[p, i] * x[p];
            }

            x[i] = s / l[i, i];
        }

        return x;
    }
}

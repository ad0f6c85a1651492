using System.Diagnostics;
using System.Globalization;
using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Evaluation.Probing;
using Lamae.Runtime;
using static TorchSharp.torch;

namespace Lamae.Bench.Evaluation;

/// <summary>
/// `Lamae.Bench logistic-path EMB [THREADS] [TOLERANCE]`: one probe selection (icd10 labels, all training patients) on an
/// embeddings folder, timed grid point by grid point: evaluations, seconds and milliseconds per evaluation. Shows where
/// the probe's time goes (docs/evaluation.md, "Speed").
/// </summary>
internal static class LogisticPathRun
{
    public static int Run(string[] args)
    {
        int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        double tolerance = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : new LogisticSolverOptions().GradientTolerance;
        TorchRuntime.Configure(threads);
        ProbeInputs inputs = ProbeInputs.Load([args[1]], LabelSets.Icd10);
        ProbePart part = ProbeSplits.Of(inputs.Records, ProbeProtocol.Folds)[0];
        Tensor x = tensor(inputs.Features[0], float32).reshape(inputs.Records.Count, inputs.Embeddings[0].Dim).to(float64);
        Tensor Rows(int[] rows) => x.index_select(0, tensor(rows.Select(r => (long)r).ToArray()));
        Tensor Labels(int[] rows) => tensor(inputs.Labels.Labels.SelectMany(c => rows.Select(r => c[r] ? 1.0 : 0.0)).ToArray(), float64)
            .reshape(inputs.Labels.Codes.Count, rows.Length).t();
        var solver = new LogisticSolverOptions { GradientTolerance = tolerance };
        Standardiser s = Standardiser.Fit(Rows(part.Train));
        Tensor train = s.Transform(Rows(part.Train)), y = Labels(part.Train);
        Console.WriteLine($"N {train.shape[0]}, D {train.shape[1]}, codes {y.shape[1]}, threads {threads}, tolerance {tolerance:G3}, CPU {Lamae.Diagnostics.CpuModel.Name()}");
        {
            Tensor u = randn(train.shape[1], y.shape[1], float64);
            Tensor gz = randn(train.shape[0], y.shape[1], float64);
            for (int warm = 0; warm < 20; warm++)
            {
                train.mm(u).Dispose();
            }

            var mm = Stopwatch.StartNew();
            for (int i = 0; i < 200; i++)
            {
                using var scope = NewDisposeScope();
                train.mm(u);
                train.t().mm(gz);
            }

            Console.WriteLine($"forward + backward matmuls alone: {mm.Elapsed.TotalMilliseconds / 200:F2} ms");
        }

        double total = 0;
        foreach (ClassWeight w in new[] { ClassWeight.None, ClassWeight.Balanced })
        {
            LogisticFit? start = null;
            foreach (double c in ProbeSelectionOptions.LogGrid(1e-3, 1e2, 11))
            {
                var clock = Stopwatch.StartNew();
                LogisticFit fit = LogisticRegression.Fit(train, y, c, w, solver, start);
                double seconds = clock.Elapsed.TotalSeconds;
                total += seconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{w,-9} C {c,9:G3}: {fit.Evaluations,5} evaluations, {seconds,6:F2} s, {1000 * seconds / Math.Max(1, fit.Evaluations),5:F2} ms each, converged {fit.Converged}"));
                start = fit;
            }
        }

        Console.WriteLine($"total {total:F2} s");
        return 0;
    }
}

using System.Diagnostics;
using System.Globalization;
using Lamae.Cache;
using Lamae.Runtime;

namespace Lamae.Bench.Cache;

/// <summary>
/// `Lamae.Bench loader CACHE [BATCHES] [BATCH]`: opens a (large) cache, reads shuffled training batches of the tiny
/// model's shape ([64, 12, 1000] by default, random crops, absent-lead chance 0.2, as pretraining will) and prints
/// batches/s, ECG/s, the open time, and memory: anonymous (the process's own) and file-backed (mapped shard pages,
/// which the kernel can drop) from /proc/self/status, so growth with the number of records shows.
/// </summary>
internal static class LoaderScaleRun
{
    public static int Run(string[] args)
    {
        string dir = args[1];
        int batches = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
        int batch = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 64;
        TorchRuntime.Configure(1);   // the other core reads
        var open = Stopwatch.StartNew();
        using EcgCache cache = EcgCache.Open(dir);
        double openSeconds = open.Elapsed.TotalSeconds;
        Console.WriteLine($"opened {cache.Records.Count} records in {openSeconds:F2} s; {Memory()}");
        var options = new LoaderOptions { BatchSize = batch, CropSamples = Math.Min(1000, cache.Samples), AbsentLeadChance = 0.2, Seed = 1, Threads = 1 };
        using var loader = new EcgBatchLoader(cache, RecordFilter.Split(Lamae.Io.Datasets.DatasetSplit.Train), options);
        int done = 0;
        var clock = Stopwatch.StartNew();
        for (int epoch = 0; done < batches; epoch++)
        {
            foreach (EcgBatch b in loader.Epoch(epoch))
            {
                using (b)
                {
                    done++;
                }

                if (done >= batches)
                {
                    break;
                }
            }
        }

        double s = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{done} batches of {batch} x [12, {options.CropSamples}] in {s:F2} s: {done / s:F0} batches/s, {done * batch / s:F0} ECG/s; {Memory()}"));
        return 0;
    }

    private static string Memory()
    {
        string[] keys = ["VmHWM", "RssAnon", "RssFile"];
        return string.Join(", ", File.ReadLines("/proc/self/status").Where(l => keys.Any(k => l.StartsWith(k + ":", StringComparison.Ordinal)))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\s+", " ")));
    }
}

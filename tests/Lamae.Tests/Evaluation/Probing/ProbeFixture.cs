using Lamae.Common;
using Lamae.Evaluation;
using Lamae.Models;
using Lamae.Training;

namespace Lamae.Tests.Evaluation.Probing;

/// <summary>
/// Embeddings folders for probe tests, written as 'lamae embed' writes them: 240 records of 120 patients (two each)
/// over 20 MIMIC-like folds, three codes (R000 in about 30 % of patients, I4891 in about 20 %, E875 in one training
/// patient only), and features that carry the codes with a chosen strength plus noise.
/// </summary>
internal static class ProbeFixture
{
    public const int Patients = 120;
    public const int Dim = 8;

    public static readonly EmbeddedRecord[] Records = Enumerable.Range(0, 2 * Patients).Select(i =>
    {
        int p = i / 2, fold = (p * 7) % 20;
        ulong h = SplitMix64.Mix((ulong)p + 11);
        var labels = new List<string>();
        if (h % 10 < 3)
        {
            labels.Add("R000");
        }

        if ((h >> 8) % 10 < 2)
        {
            labels.Add("I4891");
        }

        if (p == 1)
        {
            labels.Add("E875");  // patient 1 is in fold 7: training
        }

        return new EmbeddedRecord($"r{i:D3}", $"p{p:D3}", fold, fold <= 17 ? "train" : fold == 18 ? "validation" : "test", labels);
    }).ToArray();

    /// <summary>Writes a folder whose features are strength x (code indicators) + unit noise (seeded), and returns its path.</summary>
    public static string Write(string directory, double strength, int seed, string indexSha = "sha-of-the-index")
    {
        var random = new Random(seed);
        float[] values = new float[Records.Length * Dim];
        for (int i = 0; i < Records.Length; i++)
        {
            for (int d = 0; d < Dim; d++)
            {
                double signal = d == 0 && Records[i].Labels.Contains("R000") ? strength
                    : d == 1 && Records[i].Labels.Contains("I4891") ? strength : 0;
                values[(i * Dim) + d] = (float)(signal + Gaussian(random));
            }
        }

        var provenance = new EmbeddingProvenance(null, new ModelSpec(ModelNames.Random, ModelConfig.Tiny), new CacheIdentity("/caches/sim", "hash", indexSha, Records.Length),
            ["I", "II"], Records.Length, Dim, 1, [], false, "test", "synthetic", string.Empty);
        EmbeddingFolder.Create(directory).Write(provenance, values, null, Records);
        return directory;
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}

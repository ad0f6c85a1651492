using System.Text.Json;
using Lamae.Core;

namespace Lamae.Tests.Io.Datasets;

/// <summary>
/// What h5py (libhdf5) decodes from the ten SPH files of the shared corpus, embedded from Reference/sph_reference.json,
/// made once by tests/reference/sph_reference.py (h5py 3.7.0, HDF5 1.10.8, NumPy 1.24.2 on Debian 12).
/// </summary>
internal static class SphReference
{
    private const string ResourceName = "Lamae.Tests.Io.Datasets.Reference.sph_reference.json";

    private static readonly Lazy<IReadOnlyDictionary<string, SphFileReference>> Files = new(Load);

    /// <summary>The reference of file <paramref name="name"/> ("SPH00001.h5").</summary>
    public static SphFileReference Of(string name) => Files.Value[name];

    /// <summary>Every file's reference, by file name.</summary>
    public static IReadOnlyDictionary<string, SphFileReference> All => Files.Value;

    private static Dictionary<string, SphFileReference> Load()
    {
        using Stream stream = typeof(SphReference).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing; see tests/Lamae.Tests/Lamae.Tests.csproj");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("files").EnumerateObject().ToDictionary(f => f.Name, f => Parse(f.Value), StringComparer.Ordinal);
    }

    private static SphFileReference Parse(JsonElement e)
    {
        Dictionary<Lead, double> PerLead(string name) =>
            Leads.All.ToDictionary(l => l, l => e.GetProperty(name).GetProperty(l.Name()).GetDouble());
        return new SphFileReference(
            e.GetProperty("sha256").GetString()!,
            e.GetProperty("dtype").GetString()!,
            e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
            e.GetProperty("sample_indices").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
            Leads.All.ToDictionary(l => l, l => e.GetProperty("samples").GetProperty(l.Name()).EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()),
            PerLead("min"),
            PerLead("max"),
            PerLead("mean"),
            e.GetProperty("einthoven_max_abs").GetDouble(),
            e.GetProperty("goldberger_max_abs").GetDouble(),
            e.GetProperty("lead_ii_range").GetDouble());
    }
}

/// <summary>One SPH file as h5py reads it (see tests/reference/sph_reference.py for each field).</summary>
internal sealed record SphFileReference(
    string Sha256,
    string DType,
    int[] Shape,
    int[] SampleIndices,
    IReadOnlyDictionary<Lead, float[]> Samples,
    IReadOnlyDictionary<Lead, double> Min,
    IReadOnlyDictionary<Lead, double> Max,
    IReadOnlyDictionary<Lead, double> Mean,
    double EinthovenMaxAbs,
    double GoldbergerMaxAbs,
    double LeadIIRange);

/// <summary>The checks every decoded SPH record must pass, against its h5py reference and against physiology.</summary>
internal static class SphChecks
{
    /// <summary>
    /// Largest |III - (II - I)| accepted, mV: three float16 roundings (half an ulp is at most 0.001 mV below 4 mV) plus
    /// the recorder's own; h5py measures 0.0016-0.0018 mV on the ten corpus files. A wrong lead order or unit gives tenths of a mV.
    /// </summary>
    public const double EinthovenToleranceMv = 0.005;

    /// <summary>Lead II peak-to-peak range of a plausible adult ECG in mV (R waves of about 0.5-2.5 mV); h5py: 0.655-1.378 mV.</summary>
    public const double MinLeadIIRangeMv = 0.3, MaxLeadIIRangeMv = 5;

    /// <summary>Asserts that <paramref name="ecg"/> holds exactly what h5py decoded, and that its leads obey Einthoven's and Goldberger's laws.</summary>
    public static void AssertMatches(Ecg ecg, SphFileReference r)
    {
        Assert.Equal(500, ecg.SamplingRate);
        Assert.Equal(r.Shape[1], ecg.Length);
        Assert.Equal(Leads.All, ecg.PresentLeads);
        foreach (Lead lead in Leads.All)
        {
            ReadOnlySpan<float> x = ecg[lead];
            for (int k = 0; k < r.SampleIndices.Length; k++)
            {
                Assert.Equal(r.Samples[lead][k], x[r.SampleIndices[k]]);   // float16 -> float32 is exact
            }

            Assert.Equal(r.Min[lead], System.Numerics.Tensors.TensorPrimitives.Min(x));
            Assert.Equal(r.Max[lead], System.Numerics.Tensors.TensorPrimitives.Max(x));
            double mean = 0;
            foreach (float v in x)
            {
                mean += v;
            }

            Assert.Equal(r.Mean[lead], mean / x.Length, 9);
        }

        ReadOnlySpan<float> i = ecg[Lead.I], ii = ecg[Lead.II], iii = ecg[Lead.III];
        ReadOnlySpan<float> avr = ecg[Lead.aVR], avl = ecg[Lead.aVL], avf = ecg[Lead.aVF];
        double einthoven = 0, goldberger = 0;
        for (int t = 0; t < ecg.Length; t++)
        {
            einthoven = Math.Max(einthoven, Math.Abs((double)iii[t] - ((double)ii[t] - i[t])));
            goldberger = Math.Max(goldberger, Math.Abs((double)avr[t] + avl[t] + avf[t]));
        }

        Assert.Equal(r.EinthovenMaxAbs, einthoven, 9);
        Assert.Equal(r.GoldbergerMaxAbs, goldberger, 9);
        Assert.InRange(einthoven, 0, EinthovenToleranceMv);
        Assert.InRange(goldberger, 0, EinthovenToleranceMv);
        double range = r.Max[Lead.II] - r.Min[Lead.II];
        Assert.Equal(r.LeadIIRange, range, 9);
        Assert.InRange(range, MinLeadIIRangeMv, MaxLeadIIRangeMv);
    }
}

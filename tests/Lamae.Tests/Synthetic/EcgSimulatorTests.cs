using System.Security.Cryptography;
using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Io.Quality;
using Lamae.Synthetic;
using Lamae.Tests.Support;

namespace Lamae.Tests.Synthetic;

public class EcgSimulatorTests
{
    // SHA-256 of every file but simulation.json (ordinal path order) of `lamae simulate --count 40 --rate 250
    // --seconds 4 --seed 5`, written by the simulator before difficulties existed (commit 3de27af): Standard must not move.
    private const string StandardGolden = "cc365e5875c96f81ec6b0885d83fd9cffffc063a7c3bd2fdfe0aacf64f230161";

    [Theory]
    [InlineData(SimulationDifficulty.Standard)]
    [InlineData(SimulationDifficulty.Subtle)]
    public void Without_noise_Einthoven_and_Goldberger_hold_to_rounding(SimulationDifficulty difficulty)
    {
        foreach (SimulatedEcg s in SimulatorTestData.Sample(null, 20, NoiseOptions.None, difficulty: difficulty)
            .Concat(SimulatorTestData.Sample(Condition.LeftBundleBranchBlock, 20, NoiseOptions.None, difficulty: difficulty))
            .Concat(SimulatorTestData.Sample(Condition.AnteriorStemi, 20, NoiseOptions.None, difficulty: difficulty)))
        {
            Assert.InRange(MaxLimbResidual(s.Ecg), 0, 2e-6);   // float rounding of mV values near 1
        }
    }

    [Fact]
    public void With_noise_the_relations_hold_as_a_machine_derives_them_and_noise_is_real()
    {
        var noise = NoiseOptions.Default with { FlatLeadProbability = 0 };
        var noisy = SimulatorTestData.Sample(null, 20, noise);
        var clean = SimulatorTestData.Sample(null, 20, NoiseOptions.None);

        for (int i = 0; i < noisy.Count; i++)
        {
            // Noise sits on the electrodes, so the derived leads share it: relations hold to rounding even with noise...
            Assert.InRange(MaxLimbResidual(noisy[i].Ecg), 0, 5e-6);
        }

        // ...and the noise is there: the same subjects and beats differ from their clean recordings by a plausible amount.
        double rms = Math.Sqrt(noisy.Zip(clean).Average(p => Leads.All.Average(l => MeanSquare(p.First.Ecg[l], p.Second.Ecg[l]))));
        Assert.InRange(rms, 0.01, 0.3);
    }

    [Fact]
    public void A_flat_lead_fault_zero_fills_one_lead_and_the_quality_check_flags_it()
    {
        var always = NoiseOptions.Default with { FlatLeadProbability = 1 };

        foreach (SimulatedEcg s in SimulatorTestData.Sample(null, 10, always))
        {
            Lead flat = Assert.NotNull(s.FlatLead);
            Assert.All(s.Ecg[flat].ToArray(), v => Assert.Equal(0f, v));
            Assert.Contains(EcgQuality.Check(s.Ecg), f => f.Kind == EcgFindingKind.FlatLead && f.Lead == flat);
        }
    }

    [Fact]
    public void Default_noise_keeps_rates_measurable()
    {
        var noisy = SimulatorTestData.Sample(null, 50, NoiseOptions.Default with { FlatLeadProbability = 0 });

        // Beats the detector can see: R waves at least 0.3 s inside the record, as it measures.
        int found = noisy.Count(s => EcgMeasurements.Measure(s.Ecg).Beats == s.Beats.Count(b => b.RTime > 0.32 && b.RTime < s.Ecg.Duration - 0.32));

        Assert.True(found >= 45, $"{found} of 50 noisy ECGs had every beat found");
    }

    [Fact]
    public void Same_seed_same_bytes_different_seed_different_bytes_any_thread_count()
    {
        using TempFolder dir = Fixtures.Temp();
        var options = new SimulationOptions(Count: 24, Rate: 250, Seconds: 4, Seed: 5);
        SyntheticDataset.Write(options, Path.Combine(dir.Path, "a"), threads: 1);
        SyntheticDataset.Write(options, Path.Combine(dir.Path, "b"), threads: 2);
        SyntheticDataset.Write(options with { Seed = 6 }, Path.Combine(dir.Path, "c"), threads: 2);

        Dictionary<string, byte[]> a = Files(Path.Combine(dir.Path, "a")), b = Files(Path.Combine(dir.Path, "b")), c = Files(Path.Combine(dir.Path, "c"));

        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, kv => Assert.Equal(kv.Value, b[kv.Key]));
        Assert.Contains(a, kv => kv.Key.EndsWith(".dat", StringComparison.Ordinal) && (!c.TryGetValue(kv.Key, out byte[]? other) || !kv.Value.AsSpan().SequenceEqual(other)));
        Assert.NotEqual(a["records_w_diag_icd10.csv"], c["records_w_diag_icd10.csv"]);
    }

    [Fact]
    public void Standard_output_is_byte_identical_to_the_simulator_before_difficulties()
    {
        using TempFolder dir = Fixtures.Temp();
        var options = new SimulationOptions(Count: 40, Rate: 250, Seconds: 4, Seed: 5, Difficulty: SimulationDifficulty.Standard);
        SyntheticDataset.Write(options, dir.Path, threads: 2);

        Dictionary<string, byte[]> files = Files(dir.Path);
        byte[] all = [.. files.Keys.Order(StringComparer.Ordinal).SelectMany(k => files[k])];

        Assert.Equal(83 - 1, files.Count);
        Assert.Equal(StandardGolden, Convert.ToHexStringLower(SHA256.HashData(all)));
    }

    [Fact]
    public void Subtle_is_deterministic_for_a_seed_and_differs_from_Standard()
    {
        using TempFolder dir = Fixtures.Temp();
        var options = new SimulationOptions(Count: 24, Rate: 250, Seconds: 4, Seed: 5, Difficulty: SimulationDifficulty.Subtle);
        SyntheticDataset.Write(options, Path.Combine(dir.Path, "a"), threads: 1);
        SyntheticDataset.Write(options, Path.Combine(dir.Path, "b"), threads: 2);
        SyntheticDataset.Write(options with { Difficulty = SimulationDifficulty.Standard }, Path.Combine(dir.Path, "s"), threads: 2);

        Dictionary<string, byte[]> a = Files(Path.Combine(dir.Path, "a")), b = Files(Path.Combine(dir.Path, "b")), s = Files(Path.Combine(dir.Path, "s"));

        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, kv => Assert.Equal(kv.Value, b[kv.Key]));
        // Same patients and labels (the plan and the condition draws do not depend on the difficulty), other signals.
        Assert.Equal(a["records_w_diag_icd10.csv"], s["records_w_diag_icd10.csv"]);
        Assert.All(a.Where(kv => kv.Key.EndsWith(".dat", StringComparison.Ordinal)), kv => Assert.False(kv.Value.AsSpan().SequenceEqual(s[kv.Key]), kv.Key));
        Assert.Contains("\"difficulty\": \"subtle\"", File.ReadAllText(Path.Combine(dir.Path, "a", "simulation.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_MIMIC_reader_reads_the_output_unchanged_with_labels_subjects_and_folds()
    {
        using TempFolder dir = Fixtures.Temp();
        var options = new SimulationOptions(Count: 60, Seconds: 10, Seed: 2);
        IReadOnlyDictionary<Condition, int> counts = SyntheticDataset.Write(options, dir.Path, threads: 2);

        IEcgDataset ds = DatasetLoader.Open(DatasetLoader.Detect(dir.Path), dir.Path);

        Assert.IsType<MimicEcgDataset>(ds);
        Assert.Equal(60, ds.Records.Count);
        var sampler = new ConditionSampler();
        IReadOnlyList<PlannedEcg> plan = SyntheticDataset.Plan(options);
        foreach (PlannedEcg e in plan.Take(12))
        {
            EcgRecordInfo r = ds.Records.Single(x => x.RecordId == e.StudyId);
            SimulatedEcg truth = SyntheticDataset.Simulate(options, sampler, e);
            Assert.Equal(truth.Conditions.Select(c => c.Code()).Order(), r.Labels.Order());
            Assert.Equal(e.SubjectId, r.SubjectId);
            Ecg read = ds.Read(r);
            Assert.Equal(Leads.All, read.PresentLeads);
            Assert.All(Leads.All, l => Assert.InRange(MaxAbsDiff(read[l], truth.Ecg[l]), 0, (0.5 / options.Gain) + 1e-6));   // half an ADC step
        }

        // Patient-wise folds: every subject's ECGs share one strat_fold.
        Assert.All(ds.Records.GroupBy(r => r.SubjectId), g => Assert.Single(g.Select(r => r.Split("strat_fold")).Distinct()));
        Assert.Equal(counts.Values.Sum(), ds.Records.Sum(r => r.Labels.Count));
        Assert.True(ds.Records.GroupBy(r => r.SubjectId).Any(g => g.Count() > 1), "several ECGs per subject");
    }

    [Fact]
    public void Conditions_never_combine_incompatibly_and_prevalences_are_met()
    {
        var sampler = new ConditionSampler();
        var options = new SimulationOptions(Count: 3000, Seed: 9);
        var sets = SyntheticDataset.Plan(options).Select(e =>
        {
            var rng = new Random(SyntheticDataset.Mix(options.Seed, e.SubjectIndex, e.VisitIndex));
            return sampler.SampleForEcg(rng, SyntheticDataset.Subject(options, sampler, e.SubjectIndex).Chronic);
        }).ToList();

        Assert.All(sets, s => Assert.True(s.All(a => s.All(b => Conditions.Compatible(a, b))), string.Join(",", s)));
        foreach (Condition c in Conditions.All)
        {
            double observed = sets.Count(s => s.Contains(c)) / (double)sets.Count;
            // Conflicts remove some draws, and chronic conditions are drawn per subject: within half the target.
            Assert.InRange(observed, 0.5 * c.DefaultPrevalence(), 1.5 * c.DefaultPrevalence());
        }

        Assert.InRange(sets.Count(s => s.Count == 0) / (double)sets.Count, 0.2, 0.5);   // normal ECGs
    }

    private static double MaxLimbResidual(Ecg e)
    {
        double worst = 0;
        for (int t = 0; t < e.Length; t++)
        {
            double i = e[Lead.I][t], ii = e[Lead.II][t];
            worst = Math.Max(worst, Math.Abs(e[Lead.III][t] - (ii - i)));
            worst = Math.Max(worst, Math.Abs(e[Lead.aVR][t] + ((i + ii) / 2)));
            worst = Math.Max(worst, Math.Abs(e[Lead.aVL][t] - (i - (ii / 2))));
            worst = Math.Max(worst, Math.Abs(e[Lead.aVF][t] - (ii - (i / 2))));
        }

        return worst;
    }

    private static double MeanSquare(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (a[i] - b[i]) * (double)(a[i] - b[i]);
        }

        return s / a.Length;
    }

    private static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double m = 0;
        for (int i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }

        return m;
    }

    private static Dictionary<string, byte[]> Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("simulation.json", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllBytes);
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Lamae.Common;
using Lamae.Core;
using Lamae.Io.Wfdb;

namespace Lamae.Synthetic;

/// <summary>One planned ECG of a simulated dataset: who it belongs to and the seeds that make it.</summary>
/// <param name="Index">Position in the dataset (0-based).</param>
/// <param name="SubjectIndex">The patient (0-based).</param>
/// <param name="VisitIndex">Which of the patient's ECGs (0-based).</param>
public readonly record struct PlannedEcg(int Index, int SubjectIndex, int VisitIndex)
{
    /// <summary>MIMIC-style subject id (8 digits).</summary>
    public string SubjectId => (10_000_000 + SubjectIndex).ToString(CultureInfo.InvariantCulture);

    /// <summary>MIMIC-style study id (8 digits), also the record name.</summary>
    public string StudyId => (40_000_000 + Index).ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Writes a simulated, ICD-10-labelled dataset in the MIMIC-IV-ECG layout (`files/pNNNN/pNNNNNNNN/sNNNNNNNN/NNNNNNNN`,
/// format 16, leads stored I II III aVR aVF aVL V1-V6) with `record_list.csv` and MIMIC-IV-ECG-Ext-ICD's
/// `records_w_diag_icd10.csv`, so the MIMIC reader reads it unchanged. Deterministic: every subject and ECG
/// draws from its own stream derived from the seed, so the bytes do not depend on the thread count.
/// </summary>
public static class SyntheticDataset
{
    /// <summary>MIMIC-IV-ECG's lead order in its files (aVF before aVL).</summary>
    public static readonly IReadOnlyList<Lead> MimicFileOrder =
        [Lead.I, Lead.II, Lead.III, Lead.aVR, Lead.aVF, Lead.aVL, Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5, Lead.V6];

    /// <summary>Folds of MIMIC-IV-ECG-Ext-ICD's strat_fold (0-17 train, 18 validation, 19 test), assigned per subject.</summary>
    public const int Folds = 20;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly DateTime FirstEcg = new(2180, 1, 1, 8, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Which subject and visit each ECG is: subjects have a geometric number of ECGs with the given mean.</summary>
    public static IReadOnlyList<PlannedEcg> Plan(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rng = new Random(Mix(options.Seed, -1, -1));
        double p = 1 / Math.Max(1, options.MeanEcgsPerSubject);
        var plan = new List<PlannedEcg>(options.Count);
        int subject = 0;
        while (plan.Count < options.Count)
        {
            int visits = 1;
            while (rng.NextDouble() > p && visits < 20)
            {
                visits++;
            }

            for (int v = 0; v < visits && plan.Count < options.Count; v++)
            {
                plan.Add(new PlannedEcg(plan.Count, subject, v));
            }

            subject++;
        }

        return plan;
    }

    /// <summary>The subject of <paramref name="subjectIndex"/>: profile and chronic conditions.</summary>
    public static (SubjectProfile Profile, HashSet<Condition> Chronic, int Fold) Subject(SimulationOptions options, ConditionSampler sampler, int subjectIndex)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sampler);
        var rng = new Random(Mix(options.Seed, subjectIndex, -1));
        DifficultyParameters p = DifficultyParameters.For(options.Difficulty);
        SubjectProfile profile = SubjectProfile.Sample(10_000_000 + subjectIndex, rng, p);
        HashSet<Condition> chronic = sampler.SampleChronic(rng);
        int fold = rng.Next(Folds);
        return (profile.WithTraits(rng, p), chronic, fold);
    }

    /// <summary>Simulates one planned ECG (the same every time for the same options).</summary>
    public static SimulatedEcg Simulate(SimulationOptions options, ConditionSampler sampler, PlannedEcg planned) =>
        Simulate(options, sampler, planned, out _);

    /// <summary>As above, also giving the subject's strat_fold (drawn with the subject, so not drawn twice).</summary>
    public static SimulatedEcg Simulate(SimulationOptions options, ConditionSampler sampler, PlannedEcg planned, out int fold)
    {
        ArgumentNullException.ThrowIfNull(options);
        (SubjectProfile profile, HashSet<Condition> chronic, fold) = Subject(options, sampler, planned.SubjectIndex);
        var rng = new Random(Mix(options.Seed, planned.SubjectIndex, planned.VisitIndex));
        HashSet<Condition> conditions = sampler.SampleForEcg(rng, chronic);
        return EcgSimulator.Simulate(profile, conditions, options.Rate, options.Seconds, options.EffectiveNoise, rng, planned.StudyId,
            DifficultyParameters.For(options.Difficulty));
    }

    /// <summary>
    /// Simulates and writes the dataset to <paramref name="outDir"/>; <paramref name="progress"/> receives the number
    /// of ECGs finished. Returns the condition counts.
    /// </summary>
    public static IReadOnlyDictionary<Condition, int> Write(SimulationOptions options, string outDir, int threads, IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Count, "count must be at least 1");
        }

        Directory.CreateDirectory(outDir);
        var sampler = new ConditionSampler(options.Prevalence);
        IReadOnlyList<PlannedEcg> plan = Plan(options);
        var rows = new (string List, string Diag, Condition[] Conditions)[plan.Count];
        int done = 0;
        Parallel.For(0, plan.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancel }, i =>
        {
            PlannedEcg e = plan[i];
            SimulatedEcg sim = Simulate(options, sampler, e, out int fold);
            DateTime time = FirstEcg.AddDays(e.SubjectIndex % 3650).AddHours(e.VisitIndex * 7.5);
            string rel = options.Layout == SimulationLayout.Mimic
                ? $"files/p{e.SubjectId[..4]}/p{e.SubjectId}/s{e.StudyId}/{e.StudyId}"
                : e.StudyId;
            WfdbWriter.Write(
                Path.Combine(outDir, Path.GetDirectoryName(rel) ?? string.Empty), e.StudyId, sim.Ecg,
                new WfdbWriteOptions(
                    Format: 16,
                    Gain: options.Gain,
                    LeadOrder: MimicFileOrder,
                    Comments: [$"<subject_id>: {e.SubjectId}", $"<age>: {sim.Ecg.Metadata.Age}", $"<sex>: {(sim.Ecg.Metadata.Sex == Sex.Female ? "F" : "M")}"],
                    BaseTime: time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                    BaseDate: time.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)));
            rows[i] = Rows(e, rel, time, sim, fold);
            progress?.Report(Interlocked.Increment(ref done));
        });

        WriteTables(outDir, rows);
        WriteProvenance(outDir, options, sampler);
        return Conditions.All.ToDictionary(c => c, c => rows.Count(r => r.Conditions.Contains(c)));
    }

    private static (string, string, Condition[]) Rows(PlannedEcg e, string rel, DateTime time, SimulatedEcg sim, int fold)
    {
        string t = time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string fileName = "mimic-iv-ecg-diagnostic-electrocardiogram-matched-subset-1.0/" + rel;
        string codes = "[" + string.Join(", ", sim.Conditions.Select(c => $"'{c.Code()}'")) + "]";
        string sex = sim.Ecg.Metadata.Sex == Sex.Female ? "F" : "M";
        string age = ((int)(sim.Ecg.Metadata.Age ?? 0)).ToString(CultureInfo.InvariantCulture);
        string list = $"{e.SubjectId},{e.StudyId},{fileName},{t},{rel}";
        // Ext-ICD columns: the ECG's diagnoses appear as hospital and "all" diagnoses; ED columns stay empty lists.
        string diag = $"{fileName},{e.StudyId},{e.SubjectId},{t},,,,\"[]\",\"[]\",\"{codes}\",\"{codes}\",\"{codes}\",{sex},{age},2180,{age},,{e.VisitIndex},False,True,True,{fold},{fold}";
        return (list, diag, [.. sim.Conditions]);
    }

    private static void WriteTables(string outDir, (string List, string Diag, Condition[] Conditions)[] rows)
    {
        var list = new StringBuilder("subject_id,study_id,file_name,ecg_time,path\n");
        var diag = new StringBuilder("file_name,study_id,subject_id,ecg_time,ed_stay_id,ed_hadm_id,hosp_hadm_id,ed_diag_ed,ed_diag_hosp,hosp_diag_hosp,all_diag_hosp,all_diag_all,gender,age,anchor_year,anchor_age,dod,ecg_no_within_stay,ecg_taken_in_ed,ecg_taken_in_hosp,ecg_taken_in_ed_or_hosp,fold,strat_fold\n");
        foreach ((string l, string d, _) in rows)
        {
            list.Append(l).Append('\n');
            diag.Append(d).Append('\n');
        }

        AtomicFile.WriteAllText(Path.Combine(outDir, "record_list.csv"), list.ToString());
        AtomicFile.WriteAllText(Path.Combine(outDir, "records_w_diag_icd10.csv"), diag.ToString());
    }

    // What made this dataset, so it can be remade: options, prevalences, codes.
    private static void WriteProvenance(string outDir, SimulationOptions options, ConditionSampler sampler)
    {
        var doc = new
        {
            generator = "lamae simulate",
            version = typeof(SyntheticDataset).Assembly.GetName().Version?.ToString(),
            options.Count,
            options.Rate,
            options.Seconds,
            options.Seed,
            layout = options.Layout.ToString(),
            options.MeanEcgsPerSubject,
            options.Gain,
            difficulty = SimulationDifficulties.Name(options.Difficulty),
            noise = options.EffectiveNoise,
            conditions = Conditions.All.Select(c => new { code = c.DottedCode(), name = c.ShortName(), prevalence = sampler.Prevalence.GetValueOrDefault(c) }),
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "simulation.json"), JsonSerializer.Serialize(doc, Indented));
    }

    // SplitMix64 over (seed, subject, visit): independent, reproducible streams whatever the thread schedule.
    internal static int Mix(int seed, int a, int b)
    {
        ulong z = unchecked((ulong)seed * SplitMix64.Gamma + ((ulong)(uint)a << 32) + (uint)b + 0x632BE59BD9B4E019UL);
        return (int)(SplitMix64.Mix(z) & 0x7FFFFFFF);
    }
}

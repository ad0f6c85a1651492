using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Synthetic;

namespace Lamae.Cache;

/// <summary>What the builder knows about a record before reading its signal.</summary>
/// <param name="RecordId">Id in the dataset.</param>
/// <param name="SubjectId">Patient (the record id when unknown, so every record still has a patient for splits).</param>
/// <param name="Labels">Label codes.</param>
/// <param name="Fold">Patient-wise fold.</param>
/// <param name="Split">Train, validation or test.</param>
/// <param name="Age">Age, when known.</param>
/// <param name="Sex">Sex, when known.</param>
public sealed record SourceRecord(string RecordId, string SubjectId, IReadOnlyList<string> Labels, int Fold, DatasetSplit Split, double? Age, Sex Sex);

/// <summary>The records a cache is built from: a dataset on disk, or the simulator.</summary>
public abstract class CacheSource
{
    /// <summary>Number of records, in a fixed order (resuming relies on it).</summary>
    public abstract int Count { get; }

    /// <summary>Record <paramref name="index"/>'s id (cheap: for failure reports).</summary>
    public abstract string RecordId(int index);

    /// <summary>Record <paramref name="index"/>'s facts and signal (a LamaeException when it cannot be read).</summary>
    public abstract (SourceRecord Facts, Ecg Ecg) Load(int index);

    /// <summary>The source named by <paramref name="settings"/>.</summary>
    public static CacheSource Open(CacheBuildSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return DatasetKinds.IsSynthetic(settings.Dataset)
            ? new SyntheticSource(settings)
            : new DatasetSource(DatasetLoader.Open(settings.Dataset, settings.Root, new DatasetOptions { Npy = settings.Npy }));
    }

    private sealed class DatasetSource(IEcgDataset dataset) : CacheSource
    {
        private readonly IReadOnlyList<EcgRecordInfo> records = dataset.Records;

        public override int Count => records.Count;

        public override string RecordId(int index) => records[index].RecordId;

        public override (SourceRecord Facts, Ecg Ecg) Load(int index)
        {
            EcgRecordInfo r = records[index];
            string subject = r.SubjectId ?? r.RecordId;
            // A corpus record's folds follow the rules of the dataset it came from (PTB-XL's strat_fold, MIMIC's, or a hash).
            (int fold, DatasetSplit split) = PatientFolds.Assign(dataset is CorpusDataset corpus ? corpus.KindOf(r) : dataset.Name, r, subject);
            return (new SourceRecord(r.RecordId, subject, r.Labels, fold, split, r.Age, r.Sex), dataset.Read(r));
        }
    }

    private sealed class SyntheticSource : CacheSource
    {
        private readonly SimulationOptions options;
        private readonly ConditionSampler sampler = new();
        private readonly IReadOnlyList<PlannedEcg> plan;

        public SyntheticSource(CacheBuildSettings s)
        {
            if (s.SyntheticCount < 1)
            {
                throw new CacheException("the synthetic source needs a count of at least 1 ECG");
            }

            options = new SimulationOptions(Count: s.SyntheticCount, Rate: s.SyntheticRate, Seconds: s.Seconds, Seed: s.Seed, Difficulty: s.Difficulty);
            plan = SyntheticDataset.Plan(options);
        }

        public override int Count => plan.Count;

        public override string RecordId(int index) => plan[index].StudyId;

        public override (SourceRecord Facts, Ecg Ecg) Load(int index)
        {
            PlannedEcg e = plan[index];
            SimulatedEcg sim = SyntheticDataset.Simulate(options, sampler, e, out int fold);
            var facts = new SourceRecord(e.StudyId, e.SubjectId, sim.Conditions.Select(c => c.Code()).ToList(), fold,
                PatientFolds.MimicSplit(fold), sim.Ecg.Metadata.Age, sim.Ecg.Metadata.Sex);
            return (facts, sim.Ecg);
        }
    }
}

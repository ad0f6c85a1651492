using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>A record a corpus left out when it opened its sources, and why.</summary>
public sealed record CorpusExclusion(string RecordId, string Reason);

/// <summary>Per source: records taken, and records left out with the reasons (the cache build adds its own failures).</summary>
public sealed record CorpusSourceSummary(string Name, string Dataset, string Root, int Records, IReadOnlyList<CorpusExclusion> Excluded);

/// <summary>
/// Several datasets read as one (<see cref="CorpusSpec"/>): each source through its own reader, its record and patient ids
/// prefixed with the source's name ("ptbxl500/1", patients "ptbxl500/15709"), so ids never collide and every record says
/// where it came from; a record file already taken from an earlier source is left out (the same file listed twice).
/// The same ECG stored twice in different forms (CinC's HR00001 is PTB-XL's record 1) is found by its signal when the
/// cache is built (<c>CacheDuplicates</c>).
/// </summary>
public sealed class CorpusDataset : IEcgDataset
{
    private readonly Dictionary<string, (IEcgDataset Dataset, EcgRecordInfo Record)> origin;
    private readonly Dictionary<string, string> excluded;

    private CorpusDataset(CorpusSpec spec, IReadOnlyList<EcgRecordInfo> records, Dictionary<string, (IEcgDataset, EcgRecordInfo)> origin,
        Dictionary<string, string> excluded, IReadOnlyList<CorpusSourceSummary> sources)
    {
        Spec = spec;
        Records = records;
        this.origin = origin;
        this.excluded = excluded;
        Sources = sources;
    }

    /// <inheritdoc />
    public string Name => DatasetKinds.Corpus;

    /// <summary>The corpus file.</summary>
    public string Root => Spec.Path;

    /// <summary>What the corpus file says.</summary>
    public CorpusSpec Spec { get; }

    /// <summary>
    /// Every record of every source, ids prefixed; a record left out when the corpus opened stays listed, and reading it
    /// fails with the reason, so a cache build reports it beside its own failures.
    /// </summary>
    public IReadOnlyList<EcgRecordInfo> Records { get; }

    /// <summary>Per source, what was taken and left out.</summary>
    public IReadOnlyList<CorpusSourceSummary> Sources { get; }

    /// <summary>The separator between a source's name and its own record or patient id.</summary>
    public const char Separator = '/';

    /// <summary>Opens every source of the corpus file (or folder holding corpus.json) at <paramref name="path"/>.</summary>
    public static CorpusDataset Open(string path)
    {
        CorpusSpec spec = CorpusSpec.Read(path);
        var records = new List<EcgRecordInfo>();
        var origin = new Dictionary<string, (IEcgDataset, EcgRecordInfo)>(StringComparer.Ordinal);
        var takenFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var summaries = new List<CorpusSourceSummary>();
        var excludedReasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (CorpusSource source in spec.Sources)
        {
            IEcgDataset dataset;
            try
            {
                dataset = DatasetLoader.Open(source.Dataset, source.Root, new DatasetOptions { Npy = source.Npy });
            }
            catch (LamaeException ex)
            {
                throw new DatasetException($"{spec.Path}: source {source.Name}: {ex.Message}", ex);
            }

            var excluded = new List<CorpusExclusion>();
            int taken = 0;
            foreach (EcgRecordInfo r in dataset.Records)
            {
                string id = source.Name + Separator + r.RecordId;
                string file = Path.GetFullPath(r.HeaderPath);
                EcgRecordInfo prefixed = r with { RecordId = id, SubjectId = r.SubjectId is null ? null : source.Name + Separator + r.SubjectId };
                records.Add(prefixed);
                origin[id] = (dataset, r);
                if (takenFiles.TryGetValue(file, out string? first))
                {
                    string reason = $"the same file as {first} ({file}); kept once";
                    excluded.Add(new CorpusExclusion(id, reason));
                    excludedReasons[id] = reason;
                    continue;
                }

                takenFiles[file] = id;
                taken++;
            }

            summaries.Add(new CorpusSourceSummary(source.Name, source.Dataset, source.Root, taken, excluded));
        }

        return new CorpusDataset(spec, records, origin, excludedReasons, summaries);
    }

    /// <summary>The dataset kind a record of the corpus came from (its folds follow that kind's rules).</summary>
    public string KindOf(EcgRecordInfo record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Origin(record).Dataset.Name;
    }

    /// <summary>The source name of a corpus record id ("ptbxl500/1" -> "ptbxl500").</summary>
    public static string SourceOf(string recordId)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        int i = recordId.IndexOf(Separator, StringComparison.Ordinal);
        return i < 0 ? string.Empty : recordId[..i];
    }

    /// <inheritdoc />
    public Ecg Read(EcgRecordInfo record)
    {
        (IEcgDataset dataset, EcgRecordInfo original) = Origin(record);
        if (excluded.TryGetValue(record.RecordId, out string? reason))
        {
            throw new DatasetException($"{record.RecordId}: {reason}");
        }

        return dataset.Read(original);
    }

    private (IEcgDataset Dataset, EcgRecordInfo Record) Origin(EcgRecordInfo record) =>
        origin.TryGetValue(record.RecordId, out var o) ? o : throw new DatasetException($"{Root}: record {record.RecordId} is not in this corpus");
}

using Lamae.Core;
using Lamae.Io.Wfdb;

namespace Lamae.Io.Datasets;

/// <summary>How many records carry one label.</summary>
/// <param name="Code">The label code.</param>
/// <param name="Count">Records with it.</param>
/// <param name="Fraction">Count over all records.</param>
public sealed record LabelPrevalence(string Code, int Count, double Fraction);

/// <summary>How many records use one ECG gain, with a few of their ids.</summary>
public sealed record GainUse(string Gain, int Records, IReadOnlyList<string> ExampleRecords)
{
    /// <summary>How many record ids are kept as examples.</summary>
    public const int Examples = 5;
}

/// <summary>What `lamae inspect` prints about a dataset: counts from its tables and its headers (no signal is decoded).</summary>
/// <param name="Name">Dataset kind name.</param>
/// <param name="Root">Dataset folder.</param>
/// <param name="Records">Records listed.</param>
/// <param name="Subjects">Distinct subject ids.</param>
/// <param name="RecordsWithoutSubject">Records whose subject is unknown.</param>
/// <param name="RecordsWithLabels">Records with at least one label.</param>
/// <param name="HeadersRead">Headers parsed for rates and leads (all records, or the first N when limited).</param>
/// <param name="SamplingRates">Records per sampling rate (Hz), among the headers read.</param>
/// <param name="LeadSets">Records per set of standard leads ("I II III aVR aVL aVF V1 V2 V3 V4 V5 V6"), among the headers read.</param>
/// <param name="MinDurationSeconds">Shortest record among the headers read (null when none gave a length).</param>
/// <param name="MaxDurationSeconds">Longest record among the headers read.</param>
/// <param name="Sources">Records per source (CinC folders); empty when the dataset has one part.</param>
/// <param name="Splits">Records per split value ("strat_fold=3").</param>
/// <param name="Sexes">Records per sex.</param>
/// <param name="Labels">Label prevalence, most frequent first.</param>
/// <param name="Problems">Listed records that cannot be read as listed (among the headers read).</param>
/// <param name="Gains">ECG-lead gains ("1000/mV") with the records using each: a gain few records use is how wrong headers show up; for an npy dataset, the storage ("float16 values, standardised (not mV)").</param>
public sealed record DatasetSummary(
    string Name,
    string Root,
    int Records,
    int Subjects,
    int RecordsWithoutSubject,
    int RecordsWithLabels,
    int HeadersRead,
    IReadOnlyDictionary<double, int> SamplingRates,
    IReadOnlyDictionary<string, int> LeadSets,
    double? MinDurationSeconds,
    double? MaxDurationSeconds,
    IReadOnlyDictionary<string, int> Sources,
    IReadOnlyDictionary<string, int> Splits,
    IReadOnlyDictionary<Sex, int> Sexes,
    IReadOnlyList<LabelPrevalence> Labels,
    IReadOnlyList<DatasetProblem> Problems,
    IReadOnlyList<GainUse> Gains)
{
    /// <summary>Summarises <paramref name="dataset"/>; <paramref name="headerLimit"/> bounds how many headers are parsed (null: all).</summary>
    public static DatasetSummary Of(IEcgDataset dataset, int? headerLimit = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        IReadOnlyList<EcgRecordInfo> records = dataset.Records;
        int n = records.Count;
        var rates = new SortedDictionary<double, int>();
        var leadSets = new Dictionary<string, int>(StringComparer.Ordinal);
        var problems = new List<DatasetProblem>();
        var gains = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        double? minDur = null, maxDur = null;
        int read = Math.Min(n, headerLimit ?? n);
        void Tally(string recordId, double fs, string leads, IEnumerable<string> storage, long? samples)
        {
            rates[fs] = rates.GetValueOrDefault(fs) + 1;
            leadSets[leads] = leadSets.GetValueOrDefault(leads) + 1;
            foreach (string g in storage)
            {
                if (!gains.TryGetValue(g, out List<string>? users))
                {
                    gains[g] = users = [];
                }

                users.Add(recordId);
            }

            if (samples is { } count && fs > 0)
            {
                double d = count / fs;
                minDur = minDur is null ? d : Math.Min(minDur.Value, d);
                maxDur = maxDur is null ? d : Math.Max(maxDur.Value, d);
            }
        }

        for (int i = 0; i < read; i++)
        {
            // Datasets of other files than WFDB records (npy) say what a record holds from its own file's header.
            if (dataset is IRecordProber prober)
            {
                if (prober.Probe(records[i], problems) is { } p)
                {
                    string set = p.Leads.Count == 0 ? "(no standard lead)" : string.Join(' ', p.Leads.Select(l => l.Name()));
                    Tally(records[i].RecordId, p.SamplingRate, set, [p.Storage], p.Samples);
                }

                continue;
            }

            WfdbHeader? h = DatasetValidation.Probe(records[i], problems);
            if (h is not null)
            {
                Tally(records[i].RecordId, h.Record.SamplingFrequency, LeadSet(h), LeadGains(h), h.Record.SampleCount);
            }
        }

        var labelCounts = records.SelectMany(r => r.Labels.Distinct(StringComparer.Ordinal))
            .GroupBy(c => c, StringComparer.Ordinal)
            .Select(g => new LabelPrevalence(g.Key, g.Count(), n == 0 ? 0 : (double)g.Count() / n))
            .OrderByDescending(p => p.Count).ThenBy(p => p.Code, StringComparer.Ordinal).ToArray();
        return new DatasetSummary(
            dataset.Name,
            dataset.Root,
            n,
            records.Select(r => r.SubjectId).OfType<string>().Distinct(StringComparer.Ordinal).Count(),
            records.Count(r => r.SubjectId is null),
            records.Count(r => r.Labels.Count > 0),
            read,
            rates,
            leadSets.OrderByDescending(kv => kv.Value).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            minDur,
            maxDur,
            Count(records.Select(r => r.Source).OfType<string>()),
            Count(records.SelectMany(r => r.Splits.Select(kv => $"{kv.Key}={kv.Value}"))),
            records.GroupBy(r => r.Sex).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            labelCounts,
            problems,
            gains.OrderByDescending(g => g.Value.Count).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new GainUse(g.Key, g.Value.Count, g.Value.Take(GainUse.Examples).ToList())).ToList());
    }

    // Distinct gains of the header's standard leads, units spelled canonically ("1000/mv" and "1000/mV" are one).
    private static IEnumerable<string> LeadGains(WfdbHeader h) =>
        h.Signals.Where(s => Leads.Parse(s.Description) is not null)
            .Select(s => $"{s.AdcGain.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}/{(EcgReader.MillivoltsPer(s.Units) == 1 ? "mV" : s.Units)}")
            .Distinct(StringComparer.Ordinal);

    // The standard leads a header names, in canonical order; signals that are not ECG leads are not part of the set.
    private static string LeadSet(WfdbHeader h)
    {
        if (h.IsMultiSegment)
        {
            return "(multi-segment)";
        }

        var present = h.Signals.Select(s => Leads.Parse(s.Description)).OfType<Lead>().ToHashSet();
        return present.Count == 0 ? "(no standard lead)" : string.Join(' ', Leads.All.Where(present.Contains).Select(l => l.Name()));
    }

    private static Dictionary<string, int> Count(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}

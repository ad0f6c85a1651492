using Lamae.Core;

namespace Lamae.Io.Datasets;

/// <summary>
/// What `lamae inspect` prints about an HDF5 dataset: the table counts of <see cref="DatasetSummary.Of"/> (subjects,
/// labels, sexes), with rates, durations and lead sets from each record's dataset shape instead of WFDB headers.
/// HDF5 stores mV as floating point, so there are no gains to list.
/// </summary>
public static class Hdf5Summary
{
    // Both layouts store the 12 standard leads in canonical order.
    private static readonly string AllLeads = string.Join(' ', Leads.Names);

    /// <summary>Summarises <paramref name="dataset"/>; <paramref name="shapeLimit"/> bounds how many records' shapes are read (null: all).</summary>
    public static DatasetSummary Of(Hdf5Dataset dataset, int? shapeLimit = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        DatasetSummary tables = DatasetSummary.Of(dataset, headerLimit: 0);
        IReadOnlyList<EcgRecordInfo> records = dataset.Records;
        int read = Math.Min(records.Count, shapeLimit ?? records.Count);
        var rates = new SortedDictionary<double, int>();
        var problems = new List<DatasetProblem>();
        double? minDur = null, maxDur = null;
        int shaped = 0;
        for (int i = 0; i < read; i++)
        {
            Hdf5RecordShape shape;
            try
            {
                shape = dataset.Shape(records[i]);
            }
            catch (DatasetException ex)
            {
                problems.Add(Problem(records[i], ex.Message));
                continue;
            }

            shaped++;
            rates[shape.SamplingRate] = rates.GetValueOrDefault(shape.SamplingRate) + 1;
            minDur = Math.Min(minDur ?? double.MaxValue, shape.Seconds);
            maxDur = Math.Max(maxDur ?? double.MinValue, shape.Seconds);
        }

        return tables with
        {
            HeadersRead = read,
            SamplingRates = rates,
            LeadSets = shaped == 0 ? new Dictionary<string, int>() : new Dictionary<string, int>(StringComparer.Ordinal) { [AllLeads] = shaped },
            MinDurationSeconds = minDur,
            MaxDurationSeconds = maxDur,
            Problems = problems,
        };
    }

    // Errors read "path: problem"; the problem names the path as its file.
    private static DatasetProblem Problem(EcgRecordInfo record, string message)
    {
        int sep = message.IndexOf(": ", StringComparison.Ordinal);
        return sep > 0 && message[..sep].IndexOfAny(['/', '\\']) >= 0
            ? new DatasetProblem(record, message[..sep], message[(sep + 2)..])
            : new DatasetProblem(record, record.HeaderPath, message);
    }
}

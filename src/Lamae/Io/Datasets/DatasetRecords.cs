using Lamae.Core;
using Lamae.Io.Wfdb;

namespace Lamae.Io.Datasets;

/// <summary>What every dataset does to read a listed record: check the file, read canonical leads, fill metadata from the table.</summary>
public static class DatasetRecords
{
    /// <summary>
    /// Reads <paramref name="record"/> of <paramref name="dataset"/>; the table's subject, age and sex replace what the
    /// header says when the table gives them. Errors name the record, where it was listed, and the file.
    /// </summary>
    public static Ecg Read(IEcgDataset dataset, EcgRecordInfo record)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(record);
        string where = $"{dataset.Name} record {record.RecordId}" + (record.ListedIn is null ? string.Empty : $" ({record.ListedIn})");
        if (!File.Exists(record.HeaderPath))
        {
            throw new DatasetException($"{where}: header file {record.HeaderPath} not found");
        }

        Ecg ecg;
        try
        {
            ecg = EcgReader.Read(record.HeaderPath);
        }
        catch (WfdbFormatException ex)
        {
            throw new DatasetException($"{where}: {ex.Message}", ex);
        }

        EcgMetadata m = ecg.Metadata;
        EcgMetadata filled = m with
        {
            RecordId = record.RecordId,
            SubjectId = record.SubjectId ?? m.SubjectId,
            Age = record.Age ?? m.Age,
            Sex = record.Sex != Sex.Unknown ? record.Sex : m.Sex,
        };
        return ecg.With(ecg.SamplingRate, ecg.Length, ecg.ToArray(), metadata: filled);
    }

    /// <summary>Full path of "rel/path/name" under <paramref name="root"/> with ".hea" appended (tables list records without extension).</summary>
    internal static string HeaderUnder(string root, string relative)
    {
        string rel = relative.Replace('\\', '/').TrimStart('/');
        if (rel.EndsWith(".hea", StringComparison.OrdinalIgnoreCase))
        {
            rel = rel[..^4];
        }

        return Path.GetFullPath(Path.Combine(root, rel + ".hea"));
    }

    /// <summary>Checks that <paramref name="root"/> is an existing folder.</summary>
    internal static string CheckRoot(string root, string kind)
    {
        ArgumentNullException.ThrowIfNull(root);
        string full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
        {
            throw new DatasetException($"{full}: folder not found; it should be the root of a {kind} dataset");
        }

        return full;
    }
}

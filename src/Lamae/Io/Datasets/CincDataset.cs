using Lamae.Core;
using Lamae.Io.Wfdb;

namespace Lamae.Io.Datasets;

/// <summary>
/// PhysioNet/CinC Challenge 2020/2021 data: any folder tree of WFDB headers with MAT v4 signal files, header comments
/// <c># Age:</c>, <c># Sex:</c> and <c># Dx:</c> (comma-separated SNOMED-CT codes). The source is the first folder
/// below the root (georgia, ptbxl, ningbo...). Record ids are header names; a name found twice gets its relative path
/// as id, so ids stay unique. When the root holds the challenge's weights.csv, <see cref="ScoredClasses"/> maps codes to scored classes.
/// </summary>
public sealed class CincDataset : IEcgDataset
{
    private CincDataset(string root, IReadOnlyList<EcgRecordInfo> records, CincScoredClasses? scored)
    {
        Root = root;
        Records = records;
        ScoredClasses = scored;
    }

    public string Name => DatasetKinds.Cinc;

    public string Root { get; }

    public IReadOnlyList<EcgRecordInfo> Records { get; }

    /// <summary>The scored classes from the root's weights.csv, or null when there is none.</summary>
    public CincScoredClasses? ScoredClasses { get; }

    /// <summary>Opens a CinC folder tree; headers' comments are read now (labels, age, sex), signals by <see cref="Read"/>.</summary>
    public static CincDataset Open(string root)
    {
        string full = DatasetRecords.CheckRoot(root, "CinC 2020/2021");
        IReadOnlyList<string> headers = HeaderFiles.Find(full);
        if (headers.Count == 0)
        {
            throw new DatasetException($"{full}: no .hea files in this folder tree; a CinC dataset is a tree of WFDB headers (.hea) with MAT signal files (.mat)");
        }

        string weights = Path.Combine(full, CincScoredClasses.FileName);
        CincScoredClasses? scored = File.Exists(weights) ? CincScoredClasses.Load(weights) : null;
        var records = new List<EcgRecordInfo>(headers.Count);
        foreach ((string path, string id) in HeaderFiles.UniqueIds(full, headers))
        {
            IReadOnlyDictionary<string, string> fields = HeaderFiles.CommentFields(path);
            string rel = Path.GetRelativePath(full, path);
            int sep = rel.IndexOfAny(['/', '\\']);
            records.Add(new EcgRecordInfo(id, null, path)
            {
                Labels = fields.TryGetValue("Dx", out string? dx)
                    ? Cells.Distinct(dx.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    : [],
                Age = HeaderComments.Age(fields),
                Sex = HeaderComments.Sex(fields),
                Source = sep > 0 ? rel[..sep] : null,
                ListedIn = path,
            });
        }

        return new CincDataset(full, records, scored);
    }

    public Ecg Read(EcgRecordInfo record) => DatasetRecords.Read(this, record);

    /// <summary>The scored classes of <paramref name="record"/>'s Dx codes (empty without weights.csv).</summary>
    public IReadOnlyList<string> ScoredLabels(EcgRecordInfo record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ScoredClasses?.Map(record.Labels) ?? [];
    }
}

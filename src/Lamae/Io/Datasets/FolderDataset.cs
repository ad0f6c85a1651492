using Lamae.Core;
using Lamae.Io.Wfdb;

namespace Lamae.Io.Datasets;

/// <summary>Where a folder dataset's optional labels come from: a CSV with a record id column and one or more code columns.</summary>
/// <param name="CsvPath">The table.</param>
/// <param name="IdColumn">The column holding record ids (header names without extension, e.g. LUDB's "ID").</param>
/// <param name="CodeColumns">Columns holding codes; a cell may hold several, split at <see cref="Separators"/>.</param>
public sealed record FolderLabels(string CsvPath, string IdColumn, IReadOnlyList<string> CodeColumns)
{
    /// <summary>Characters between codes in one cell: comma, semicolon and line breaks (LUDB writes one finding per line).</summary>
    public string Separators { get; init; } = ",;\n\r";

    /// <summary>Optional columns for the subject, age and sex.</summary>
    public string? SubjectColumn { get; init; }

    /// <summary>Optional age column; cells that are not numbers (LUDB's "&gt;89") leave the age unknown.</summary>
    public string? AgeColumn { get; init; }

    /// <inheritdoc cref="SubjectColumn"/>
    public string? SexColumn { get; init; }
}

/// <summary>
/// Any folder tree of WFDB records (every .hea below the root); labels optional from a CSV (<see cref="FolderLabels"/>).
/// Record ids are header names (relative paths when a name repeats); age and sex come from the table, else the header comments.
/// </summary>
public sealed class FolderDataset : IEcgDataset
{
    private FolderDataset(string root, IReadOnlyList<EcgRecordInfo> records, IReadOnlyList<string> unlabelled)
    {
        Root = root;
        Records = records;
        UnlistedInLabels = unlabelled;
    }

    public string Name => DatasetKinds.Folder;

    public string Root { get; }

    public IReadOnlyList<EcgRecordInfo> Records { get; }

    /// <summary>Ids of records the label table does not list (empty without a table).</summary>
    public IReadOnlyList<string> UnlistedInLabels { get; }

    /// <summary>Opens the folder tree <paramref name="root"/>, with labels from <paramref name="labels"/> when given.</summary>
    public static FolderDataset Open(string root, FolderLabels? labels = null)
    {
        string full = DatasetRecords.CheckRoot(root, "WFDB folder");
        IReadOnlyList<string> headers = HeaderFiles.Find(full);
        if (headers.Count == 0)
        {
            throw new DatasetException($"{full}: no .hea files in this folder tree; a folder dataset is a tree of WFDB records (header .hea plus signal files)");
        }

        Dictionary<string, int>? rowOf = null;
        CsvTable? table = null;
        if (labels is not null)
        {
            string[] optional = new[] { labels.SubjectColumn, labels.AgeColumn, labels.SexColumn }.OfType<string>().ToArray();
            table = CsvTable.Read(labels.CsvPath, [labels.IdColumn, .. labels.CodeColumns], optional,
                $"a label table with a record id column '{labels.IdColumn}' and code column(s) {string.Join(", ", labels.CodeColumns.Select(c => $"'{c}'"))}");
            rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int r = 0; r < table.Count; r++)
            {
                string id = Cells.Id(table, r, labels.IdColumn) ?? throw table.CellError(r, labels.IdColumn, "empty record id");
                if (!rowOf.TryAdd(id, r))
                {
                    throw table.CellError(r, labels.IdColumn, $"record {id} is listed twice (first at row {table.RowNumber(rowOf[id])})");
                }
            }
        }

        var records = new List<EcgRecordInfo>(headers.Count);
        var unlisted = new List<string>();
        foreach ((string path, string id) in HeaderFiles.UniqueIds(full, headers))
        {
            IReadOnlyDictionary<string, string> fields = HeaderFiles.CommentFields(path);
            var info = new EcgRecordInfo(id, null, path)
            {
                Age = HeaderComments.Age(fields),
                Sex = HeaderComments.Sex(fields),
                ListedIn = path,
            };
            if (table is not null && labels is not null && rowOf is not null)
            {
                if (rowOf.TryGetValue(id, out int r))
                {
                    char[] seps = labels.Separators.ToCharArray();
                    info = info with
                    {
                        Labels = Cells.Distinct(labels.CodeColumns.SelectMany(c => (table.Get(r, c) ?? string.Empty)
                            .Split(seps, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))),
                        SubjectId = labels.SubjectColumn is { } sc ? Cells.Id(table, r, sc) : null,
                        Age = (labels.AgeColumn is { } ac ? Cells.NumberOrNull(table, r, ac) : null) ?? info.Age,
                        Sex = labels.SexColumn is { } xc && EcgMetadata.ParseSex(table.Get(r, xc)) is var s && s != Sex.Unknown ? s : info.Sex,
                        ListedIn = table.Where(r),
                    };
                }
                else
                {
                    unlisted.Add(id);
                }
            }

            records.Add(info);
        }

        return new FolderDataset(full, records, unlisted);
    }

    public Ecg Read(EcgRecordInfo record) => DatasetRecords.Read(this, record);
}

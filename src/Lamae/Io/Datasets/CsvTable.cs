using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Lamae.Io.Datasets;

/// <summary>
/// The columns a dataset needs from one CSV table (CsvHelper does the parsing, quoted newlines included):
/// required columns are checked at load with a one-line error; only the selected columns are kept, so an
/// 800,000-row MIMIC table stays small.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> index;
    private readonly List<string?[]> rows;
    private readonly List<int> rowNumbers;

    private CsvTable(string path, IReadOnlyList<string> allColumns, Dictionary<string, int> index, List<string?[]> rows, List<int> rowNumbers)
    {
        Path = path;
        AllColumns = allColumns;
        this.index = index;
        this.rows = rows;
        this.rowNumbers = rowNumbers;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The file's file name, for messages.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Every column name in the file's header.</summary>
    public IReadOnlyList<string> AllColumns { get; }

    /// <summary>Data rows read.</summary>
    public int Count => rows.Count;

    /// <summary>Whether column <paramref name="name"/> was present and selected.</summary>
    public bool Has(string name) => index.ContainsKey(name);

    /// <summary>The cell of <paramref name="column"/> in data row <paramref name="row"/> (0-based), trimmed; null when empty or the column is absent.</summary>
    public string? Get(int row, string column)
    {
        if (!index.TryGetValue(column, out int c))
        {
            return null;
        }

        string? v = rows[row][c]?.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }

    /// <summary>The file's row number of data row <paramref name="row"/> (the header is row 1), for messages.</summary>
    public int RowNumber(int row) => rowNumbers[row];

    /// <summary>"file row N" for messages.</summary>
    public string Where(int row) => $"{FileName} row {RowNumber(row)}";

    /// <summary>"path: row N, column 'c': problem", the one-line error for a bad cell.</summary>
    public DatasetException CellError(int row, string column, string problem) =>
        new($"{Path}: row {RowNumber(row)}, column '{column}': {problem}");

    /// <summary>
    /// Reads <paramref name="path"/>, keeping <paramref name="required"/> and whichever of <paramref name="optional"/> exist;
    /// <paramref name="describe"/> says what the file should contain when it or a column is missing.
    /// </summary>
    /// <paramref name="firstColumnName"/> names the first column when the file leaves it unnamed (pandas' index column).
    public static CsvTable Read(string path, IReadOnlyList<string> required, IReadOnlyList<string> optional, string describe, string? firstColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(required);
        ArgumentNullException.ThrowIfNull(optional);
        if (!File.Exists(path))
        {
            throw new DatasetException($"{path}: file not found; it should be {describe}");
        }

        try
        {
            using var reader = new StreamReader(path);
            var config = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                DetectColumnCountChanges = false,
                BadDataFound = null,
                MissingFieldFound = null,
            };
            using var csv = new CsvReader(reader, config);
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            {
                throw new DatasetException($"{path}: empty file; it should be {describe}");
            }

            string[] names = header.Select(h => h.Trim()).ToArray();
            if (firstColumnName is not null && (names[0].Length == 0 || names[0].StartsWith("Unnamed", StringComparison.Ordinal)))
            {
                names[0] = firstColumnName;
            }

            string[] missing = required.Where(r => !names.Contains(r, StringComparer.Ordinal)).ToArray();
            if (missing.Length > 0)
            {
                throw new DatasetException(
                    $"{path}: no column {string.Join(", ", missing.Select(m => $"'{m}'"))} (its columns: {string.Join(", ", names.Take(30))}); it should be {describe}");
            }

            var selected = required.Concat(optional.Where(o => names.Contains(o, StringComparer.Ordinal))).Distinct(StringComparer.Ordinal).ToArray();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            int[] fileColumn = new int[selected.Length];
            for (int i = 0; i < selected.Length; i++)
            {
                index[selected[i]] = i;
                fileColumn[i] = Array.IndexOf(names, selected[i]);
            }

            var rows = new List<string?[]>();
            var rowNumbers = new List<int>();
            while (csv.Read())
            {
                var cells = new string?[selected.Length];
                for (int i = 0; i < selected.Length; i++)
                {
                    cells[i] = fileColumn[i] < csv.Parser.Count ? csv.GetField(fileColumn[i]) : null;
                }

                rows.Add(cells);
                rowNumbers.Add(csv.Parser.Row);
            }

            return new CsvTable(path, names, index, rows, rowNumbers);
        }
        catch (CsvHelperException ex)
        {
            throw new DatasetException($"{path}: not a readable CSV file ({ex.GetType().Name} near row {ex.Context?.Parser?.Row}); it should be {describe}", ex);
        }
        catch (IOException ex)
        {
            throw new DatasetException($"{path}: cannot read: {ex.Message}", ex);
        }
    }
}

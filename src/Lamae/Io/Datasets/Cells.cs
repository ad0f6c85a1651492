using System.Globalization;

namespace Lamae.Io.Datasets;

/// <summary>Reading typed values from table cells, with errors that name the file, row and column.</summary>
internal static class Cells
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>An integer id written as "15709" or "15709.0" (pandas writes float columns with ".0"); null when empty.</summary>
    public static string? Id(CsvTable t, int row, string column)
    {
        string? s = t.Get(row, column);
        if (s is null)
        {
            return null;
        }

        if (long.TryParse(s, NumberStyles.Integer, Inv, out long l))
        {
            return l.ToString(Inv);
        }

        if (double.TryParse(s, NumberStyles.Float, Inv, out double d) && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 1e15)
        {
            return ((long)d).ToString(Inv);
        }

        return s;
    }

    /// <summary>A required integer (a fold number), "3" or "3.0"; a clear error otherwise.</summary>
    public static int? Int(CsvTable t, int row, string column)
    {
        string? s = t.Get(row, column);
        if (s is null)
        {
            return null;
        }

        if (double.TryParse(s, NumberStyles.Float, Inv, out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
        {
            return (int)d;
        }

        throw t.CellError(row, column, $"'{s}' is not a whole number");
    }

    /// <summary>A number, or null when empty or "nan".</summary>
    public static double? Number(CsvTable t, int row, string column)
    {
        string? s = t.Get(row, column);
        if (s is null || s.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return double.TryParse(s, NumberStyles.Float, Inv, out double d) && double.IsFinite(d)
            ? d
            : throw t.CellError(row, column, $"'{s}' is not a number");
    }

    /// <summary>A number, or null when the cell holds anything else (de-identified ages such as LUDB's "&gt;89").</summary>
    public static double? NumberOrNull(CsvTable t, int row, string column) =>
        t.Get(row, column) is { } s && double.TryParse(s, NumberStyles.Float, Inv, out double d) && double.IsFinite(d) ? d : null;

    /// <summary>A date and time such as "1984-11-09 09:17:34"; null when empty or unreadable (times are informative only).</summary>
    public static DateTime? Time(CsvTable t, int row, string column) =>
        t.Get(row, column) is { } s && DateTime.TryParse(s, Inv, DateTimeStyles.AllowWhiteSpaces, out DateTime d) ? d : null;

    /// <summary>A Python list literal of strings, with a file/row/column error when malformed; empty when the cell is empty.</summary>
    public static IReadOnlyList<string> StringList(CsvTable t, int row, string column)
    {
        string? s = t.Get(row, column);
        if (s is null)
        {
            return [];
        }

        try
        {
            return PythonLiteral.ParseStringList(s);
        }
        catch (FormatException ex)
        {
            throw t.CellError(row, column, "malformed Python list literal (expected e.g. ['I10', 'E785']): " + ex.Message);
        }
    }

    /// <summary>Distinct strings in first-seen order.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string> items) => items.Distinct(StringComparer.Ordinal).ToArray();
}

namespace Lamae.Io.Datasets;

/// <summary>
/// The PhysioNet/CinC Challenge 2021 scored classes, read from its <c>weights.csv</c> (physionetchallenges/evaluation-2021):
/// the header row lists the scored classes, a class being one SNOMED-CT code or several equivalent ones joined by '|'
/// (713427006|59118001 is one class: complete and unspecified RBBB). A record's Dx codes map to the classes that contain them.
/// </summary>
public sealed class CincScoredClasses
{
    /// <summary>The table's file name in the challenge's evaluation code.</summary>
    public const string FileName = "weights.csv";

    private readonly Dictionary<string, string> classOf;

    private CincScoredClasses(IReadOnlyList<string> classes, Dictionary<string, string> classOf)
    {
        Classes = classes;
        this.classOf = classOf;
    }

    /// <summary>The scored classes in the table's order, each as written ("164889003", "713427006|59118001").</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Reads weights.csv: its first row (after the empty corner cell) names the classes.</summary>
    public static CincScoredClasses Load(string path)
    {
        CsvTable t = CsvTable.Read(path, [], [], "the CinC 2021 scoring weights: a square table whose first row lists the scored SNOMED-CT classes, equivalents joined by '|'");
        string[] classes = t.AllColumns.Skip(1).Where(c => c.Length > 0).ToArray();
        if (classes.Length == 0)
        {
            throw new DatasetException($"{path}: the first row names no classes; it should be the CinC 2021 weights.csv");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string cls in classes)
        {
            foreach (string code in cls.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!map.TryAdd(code, cls))
                {
                    throw new DatasetException($"{path}: code {code} is in two classes, {map[code]} and {cls}");
                }
            }
        }

        return new CincScoredClasses(classes, map);
    }

    /// <summary>The scored class containing <paramref name="code"/>, or null when the code is not scored.</summary>
    public string? ClassOf(string code) => classOf.GetValueOrDefault(code.Trim());

    /// <summary>The scored classes of a record's Dx codes (first-seen order, no repeats); unscored codes are dropped.</summary>
    public IReadOnlyList<string> Map(IEnumerable<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return Cells.Distinct(codes.Select(ClassOf).OfType<string>());
    }
}

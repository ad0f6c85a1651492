using System.Globalization;
using System.IO.Compression;
using Lamae.Io;
using Lamae.Io.Wfdb;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Wfdb;

/// <summary>
/// One `rdsamp | cut -f 2-` output of the WFDB C library (Reference/README.md): rows of tab-separated values,
/// `-` for an invalid sample, each value printed with as many decimals as the command asked for.
/// </summary>
internal sealed class RdsampTarget
{
    /// <summary>The value rdsamp prints for an invalid sample without -P (WFDB_INVALID_SAMPLE).</summary>
    public const int InvalidDigital = WfdbReader.InvalidSample;

    /// <summary>
    /// A float holds a physical value to within half its epsilon (2^-24) relative; 2^-23 leaves room for the
    /// double-to-float rounding in the reader.
    /// </summary>
    public const double FloatRelativeError = 1.0 / (1 << 23);

    private readonly double[][] columns;
    private readonly int[][] decimals;

    private RdsampTarget(string name, double[][] columns, int[][] decimals)
    {
        Name = name;
        this.columns = columns;
        this.decimals = decimals;
    }

    /// <summary>The target's file name.</summary>
    public string Name { get; }

    /// <summary>Rows (frames, or samples in -H mode).</summary>
    public int Rows => columns[0].Length;

    /// <summary>Columns (signals, in the -s order).</summary>
    public int ColumnCount => columns.Length;

    /// <summary>The value at <paramref name="row"/>, <paramref name="column"/> (NaN where rdsamp printed '-').</summary>
    public double this[int row, int column] => columns[column][row];

    /// <summary>Loads Reference/<paramref name="name"/>.gz from the test output folder.</summary>
    public static RdsampTarget Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Io", "Wfdb", "Reference", name + ".gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var values = new List<List<double>>();
        var places = new List<List<int>>();
        while (reader.ReadLine() is { } line)
        {
            string[] fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            while (values.Count < fields.Length)
            {
                values.Add([]);
                places.Add([]);
            }

            for (int c = 0; c < fields.Length; c++)
            {
                string f = fields[c];
                int dot = f.IndexOf('.', StringComparison.Ordinal);
                values[c].Add(f == "-" ? double.NaN : double.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture));
                places[c].Add(dot < 0 ? 0 : f.Length - dot - 1);
            }
        }

        return new RdsampTarget(name, [.. values.Select(v => v.ToArray())], [.. places.Select(p => p.ToArray())]);
    }

    /// <summary>The committed fixture at Data/wfdb-fixtures/<paramref name="relative"/> (the larger ones are corpus tests).</summary>
    public static string Fixture(string relative) => Fixtures.Path("wfdb-fixtures", relative);

    /// <summary>Asserts rdsamp's digital column equals <paramref name="digital"/> (-32768 where the value is invalid).</summary>
    public void AssertDigital(int column, Func<int, int> digital, string what)
    {
        for (int r = 0; r < Rows; r++)
        {
            int actual = digital(r);
            if (actual != (int)this[r, column])
            {
                Assert.Fail($"{Name} column {column} ({what}) row {r}: rdsamp printed {this[r, column]}, the reader gives {actual}");
            }
        }
    }

    /// <summary>
    /// Asserts rdsamp's physical column equals <paramref name="physical"/> to within half a unit of the last printed
    /// decimal plus float rounding; '-' must be NaN.
    /// </summary>
    public void AssertPhysical(int column, Func<int, double> physical, string what)
    {
        for (int r = 0; r < Rows; r++)
        {
            double expected = this[r, column], actual = physical(r);
            double tolerance = (0.5 * Math.Pow(10, -decimals[column][r])) + (Math.Abs(expected) * FloatRelativeError);
            bool ok = double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(actual - expected) <= tolerance;
            if (!ok)
            {
                Assert.Fail($"{Name} column {column} ({what}) row {r}: rdsamp printed {expected}, the reader gives {actual} (tolerance {tolerance:G3})");
            }
        }
    }

    /// <summary>The digital value rdsamp prints for sample <paramref name="k"/>: -32768 where the reader has NaN.</summary>
    public static int Printed(WfdbSignal s, long k) => float.IsNaN(s.Physical[k]) ? InvalidDigital : s.Digital![k];

    /// <summary>
    /// rdsamp's value for frame <paramref name="frame"/> without -H: the mean of the frame's samples by C integer
    /// division (measured on record-4a and 4b: truncation matches every row, rounding does not).
    /// </summary>
    public static int LowResolution(WfdbSignal s, int frame)
    {
        int spf = s.Spec.SamplesPerFrame;
        long sum = 0;
        for (int k = 0; k < spf; k++)
        {
            long at = ((long)frame * spf) + k;
            if (float.IsNaN(s.Physical[at]))
            {
                return InvalidDigital;
            }

            sum += s.Digital![at];
        }

        return (int)(sum / spf);
    }

    /// <summary>A digital value as physical units, rounded to float as the reader does.</summary>
    public static float ToPhysical(WfdbSignalSpec spec, double digital) => (float)((digital - spec.Baseline) / spec.AdcGain);
}

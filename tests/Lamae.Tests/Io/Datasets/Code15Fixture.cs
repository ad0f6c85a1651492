using System.Globalization;
using PureHDF;

namespace Lamae.Tests.Io.Datasets;

/// <summary>
/// A small CODE-15%-shaped folder written with PureHDF's writer: exams_part0.hdf5 (exams 101, 102 and the release's
/// trailing zero tracing, exam_id 0), exams_part1.hdf5 (exam 201 and a zero tracing) and exams.csv listing those three
/// exams plus exam 301 in exams_part2.hdf5, a part not downloaded. Exam 101 lasts 10 s (4,000 samples centred in 4,096),
/// 102 lasts 7 s (2,800), 201 the full 4,096.
/// </summary>
internal static class Code15Fixture
{
    public const int Samples = 4096;

    /// <summary>Each exam's unpadded length in samples.</summary>
    public static readonly IReadOnlyDictionary<long, int> Lengths = new Dictionary<long, int> { [101] = 4000, [102] = 2800, [201] = 4096 };

    public const string Header = "exam_id,age,is_male,nn_predicted_age,1dAVb,RBBB,LBBB,SB,ST,AF,patient_id,death,timey,normal_ecg,trace_file";

    public static readonly string[] Rows =
    [
        "101,57,True,60.1,False,True,False,False,False,True,9001,False,5.2,False,exams_part0.hdf5",
        "102,34,False,30.5,False,False,False,False,False,False,9002,,,True,exams_part0.hdf5",
        "201,71,True,75.0,True,False,False,True,False,False,9001,True,1.5,False,exams_part1.hdf5",
        "301,45,False,44.0,False,False,True,False,False,False,9003,False,3.0,False,exams_part2.hdf5",
    ];

    /// <summary>The value of exam <paramref name="exam"/>'s lead <paramref name="lead"/> at unpadded sample <paramref name="s"/>, mV.</summary>
    public static float Value(long exam, int lead, int s) =>
        (0.1f * (lead + 1)) + (0.5f * MathF.Sin(2 * MathF.PI * 1.2f * s / 400)) + (exam * 1e-4f);

    /// <summary>Writes the folder into <paramref name="dir"/>; <paramref name="rows"/> replaces exams.csv's data rows.</summary>
    public static void Write(string dir, IEnumerable<string>? rows = null)
    {
        WritePart(Path.Combine(dir, "exams_part0.hdf5"), [101, 102, 0]);
        WritePart(Path.Combine(dir, "exams_part1.hdf5"), [201, 0]);
        File.WriteAllLines(Path.Combine(dir, "exams.csv"), [Header, .. rows ?? Rows]);
    }

    /// <summary>Tracings [exams, 4096, 12] of float32, zero-padded around each exam's signal, and their exam ids.</summary>
    public static float[,,] Tracings(long[] exams)
    {
        var t = new float[exams.Length, Samples, 12];
        for (int e = 0; e < exams.Length; e++)
        {
            if (!Lengths.TryGetValue(exams[e], out int n))
            {
                continue;   // exam 0: all zeros, as at the end of each release part
            }

            int pad = (Samples - n) / 2;
            for (int s = 0; s < n; s++)
            {
                for (int l = 0; l < 12; l++)
                {
                    t[e, pad + s, l] = Value(exams[e], l, s);
                }
            }
        }

        return t;
    }

    public static void WritePart(string path, long[] exams) =>
        new H5File { ["tracings"] = Tracings(exams), ["exam_id"] = exams }.Write(path);

    public static string Id(long exam) => exam.ToString(CultureInfo.InvariantCulture);
}

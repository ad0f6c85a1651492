using System.Text.Json;
using Lamae.Cli;
using Lamae.Tests.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

/// <summary>`lamae inspect DIR` and `lamae cache build --dataset hdf5` on HDF5 folders of both layouts.</summary>
public sealed class InspectHdf5Tests
{
    [Fact]
    public void Inspect_detects_an_sph_folder_and_counts_rates_durations_leads_and_labels()
    {
        CliResult r = CliRunner.Run("inspect", Fixtures.Path("sph"), "--json");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal("hdf5", root.GetProperty("name").GetString());
        Assert.Equal(3, root.GetProperty("records").GetInt32());
        Assert.Equal(3, root.GetProperty("samplingRates").GetProperty("500").GetInt32());
        Assert.Equal(3, root.GetProperty("leadSets").GetProperty("I II III aVR aVL aVF V1 V2 V3 V4 V5 V6").GetInt32());
        Assert.Equal(11, root.GetProperty("maxDurationSeconds").GetDouble());
        Assert.Equal(["427393009", "426177001"], root.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("code").GetString()));
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void Inspect_table_output_of_a_code15_folder_names_the_kind_rate_and_labels()
    {
        using TempFolder dir = Fixtures.Temp();
        Code15Fixture.Write(dir.Path);

        CliResult r = CliRunner.Run("inspect", dir.Path, "--dataset", "hdf5");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains($"{dir.Path} (hdf5): 3 records, 2 subjects (0 without), 2 labelled", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("400 Hz", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("durations 10.2-10.2 s", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("RBBB", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ECG gains", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_of_a_broken_part_is_one_line_naming_the_file_and_exit_2()
    {
        using TempFolder dir = Fixtures.Temp();
        Code15Fixture.Write(dir.Path);
        string part = Path.Combine(dir.Path, "exams_part0.hdf5");
        File.WriteAllText(part, "not hdf5");

        CliResult r = CliRunner.Run("inspect", dir.Path);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.StartsWith($"lamae: error: {part}: not an HDF5 file (", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_lists_a_record_that_cannot_be_read_as_one_line()
    {
        using TempFolder dir = Fixtures.Temp();
        File.Copy(Fixtures.Path("sph", "SPH00004.h5"), Path.Combine(dir.Path, "SPH00004.h5"));
        File.Copy(Fixtures.Path("sph", "metadata.csv"), Path.Combine(dir.Path, "metadata.csv"));

        CliResult r = CliRunner.Run("inspect", dir.Path);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        string missing = Path.Combine(dir.Path, "SPH00001.h5");
        Assert.Equal($"lamae inspect: record SPH00001 (metadata.csv row 2): {missing}: file not found; it should be an SPH record: "
            + "an HDF5 file holding a dataset 'ecg' [12, samples] of mV (leads I, II, III, aVR, aVL, aVF, V1-V6)", Assert.Single(r.StderrLines));
    }

    [Fact]
    public void Cache_build_reads_both_layouts_and_lists_records_that_fail()
    {
        using TempFolder dir = Fixtures.Temp();
        string code15 = Path.Combine(dir.Path, "code15");
        Directory.CreateDirectory(code15);
        Code15Fixture.Write(code15, [.. Code15Fixture.Rows, "999,50,True,50,False,False,False,False,False,False,9004,False,1,False,exams_part1.hdf5"]);

        CliResult sph = CliRunner.Run("cache", "build", "--dataset", "hdf5", "--root", Fixtures.Path("sph"), "--out", Path.Combine(dir.Path, "a"), "--threads", "2");
        CliResult c15 = CliRunner.Run("cache", "build", "--dataset", "hdf5", "--root", code15, "--out", Path.Combine(dir.Path, "b"), "--threads", "2");

        Assert.Equal(ExitCodes.Success, sph.ExitCode);
        Assert.Equal(ExitCodes.Success, c15.ExitCode);
        using JsonDocument a = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "a", "manifest.json")));
        using JsonDocument b = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "b", "manifest.json")));
        Assert.Equal(3, a.RootElement.GetProperty("Records").GetInt32());
        Assert.Equal(0, a.RootElement.GetProperty("Failures").GetInt32());
        Assert.Equal(3, b.RootElement.GetProperty("Records").GetInt32());
        Assert.Equal(1, b.RootElement.GetProperty("Failures").GetInt32());
        string failures = File.ReadAllText(Path.Combine(dir.Path, "b", "failures.json"));
        Assert.Contains("exam 999 is not in its \\u0027exam_id\\u0027 dataset", failures, StringComparison.Ordinal);
    }
}

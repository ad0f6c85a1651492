using System.Text.Json;
using Lamae.Cache;
using Lamae.Cli;
using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Tests.Io.Npy;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

/// <summary>`lamae inspect DIR --dataset npy` and `lamae cache build --dataset npy` on a sidecar-free folder, with the options in its place.</summary>
public sealed class NpyCommandTests : IDisposable
{
    private readonly TempFolder temp = Fixtures.Temp();

    public NpyCommandTests()
    {
        // Two 2-second float16 records at 100 Hz, (T, L), values that move (a sine per lead), no sidecar.
        foreach (string id in new[] { "1", "2" })
        {
            double[] v = Enumerable.Range(0, 200 * 12).Select(i => Math.Sin((i / 12) * 0.1 * ((i % 12) + 1))).ToArray();
            NpyTestFile.Write(Path.Combine(Data, "records", id + ".npy"), "<f2", [200, 12], v);
        }

        File.WriteAllLines(Path.Combine(Data, "records.csv"), ["ecg_id,file", "1,records/1.npy", "2,records/2.npy"]);
    }

    private string Data => Path.Combine(temp.Path, "data");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Inspect_summarises_the_folder_with_rate_and_unit_given_as_options()
    {
        CliResult r = CliRunner.Run("inspect", Data, "--dataset", "npy", "--source-rate", "100", "--unit", "standardised", "--json");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(("npy", 2, 2), (root.GetProperty("name").GetString(), root.GetProperty("records").GetInt32(), root.GetProperty("samplingRates").GetProperty("100").GetInt32()));
        Assert.Equal("float16 values, standardised (not mV)", Assert.Single(root.GetProperty("gains").EnumerateArray()).GetProperty("gain").GetString());
        Assert.Equal(2.0, root.GetProperty("maxDurationSeconds").GetDouble());
    }

    [Fact]
    public void Inspect_without_a_rate_says_where_to_give_it_and_npy_options_are_refused_for_other_kinds()
    {
        CliResult noRate = CliRunner.Run("inspect", Data, "--dataset", "npy");
        CliResult otherKind = CliRunner.Run("inspect", Data, "--dataset", "folder", "--unit", "mV");

        Assert.Equal(ExitCodes.Failure, noRate.ExitCode);
        Assert.Contains("--source-rate HZ", Assert.Single(noRate.StderrLines), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, otherKind.ExitCode);
        Assert.Contains("describe --dataset npy arrays", Assert.Single(otherKind.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_build_records_the_options_and_says_clip_does_not_apply_to_standardised_values()
    {
        string cache = Path.Combine(temp.Path, "cache");

        CliResult r = CliRunner.Run("cache", "build", "--dataset", "npy", "--root", Data, "--out", cache, "--source-rate", "100", "--unit", "standardised",
            "--seconds", "2", "--pipeline", "clip:5,standardise", "--threads", "1");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Equal("lamae cache build: clip:5: not applicable: values are standardised, not mV; the step leaves these records unchanged", Assert.Single(r.StderrLines));
        CacheManifest m = CacheManifest.Read(cache);
        Assert.Equal((2, 0), (m.Records, m.Failures));
        Assert.Equal(new NpyOptions { Rate = 100, Unit = EcgUnit.Standardised }, m.Settings.Npy);
    }
}

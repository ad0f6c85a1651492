using System.Text.Json;
using Lamae.Cli;
using Lamae.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

public class InspectCommandTests
{
    [Fact]
    public void Record_json_has_header_fields_leads_statistics_and_checksums()
    {
        CliResult r = CliRunner.Run("inspect", Fixtures.Path("cinc", "ningbo", "JS20004"), "--json");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(500, root.GetProperty("samplingRate").GetDouble());
        Assert.Equal(5000, root.GetProperty("samples").GetInt64());
        Assert.Equal(12, root.GetProperty("signals").GetArrayLength());
        Assert.All(root.GetProperty("signals").EnumerateArray(), s => Assert.Equal("Match", s.GetProperty("checksumStatus").GetString()));
        var flat = root.GetProperty("leads").EnumerateArray().Where(l => l.GetProperty("flat").GetBoolean()).Select(l => l.GetProperty("lead").GetString());
        Assert.Equal(["V2", "V4", "V6"], flat);
        Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "FlatLead");
    }

    [Fact]
    public void Folder_summary_counts_records_rates_and_exposes_odd_gains()
    {
        CliResult r = CliRunner.Run("inspect", Fixtures.Path("cinc", "georgia"), "--json");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        int records = Directory.GetFiles(Fixtures.Path("cinc", "georgia"), "*.hea").Length;
        Assert.Equal("cinc", root.GetProperty("name").GetString(), ignoreCase: true);
        Assert.Equal(records, root.GetProperty("records").GetInt32());
        Assert.Equal(records, root.GetProperty("samplingRates").GetProperty("500").GetInt32());
        JsonElement odd = root.GetProperty("gains").EnumerateArray().Single(g => g.GetProperty("gain").GetString() == "4880/mV");
        Assert.Equal(["E00015", "E00018", "E00793"], odd.GetProperty("exampleRecords").EnumerateArray().Select(e => e.GetString()).Order());
    }

    [Fact]
    public void Table_output_names_the_faults()
    {
        CliResult r = CliRunner.Run("inspect", Fixtures.Path("cinc", "ptbxl", "HR00599.hea"));

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("implausibly large", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_path_is_one_line_and_exit_2()
    {
        CliResult r = CliRunner.Run("inspect", "/no/such/record");

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Equal("lamae: error: /no/such/record: no such record or folder (looked for /no/such/record.hea and a folder /no/such/record)", Assert.Single(r.StderrLines));
    }

    [Fact]
    public void A_broken_record_is_one_line_naming_the_file()
    {
        using TempFolder dir = Fixtures.Temp();
        string header = Path.Combine(dir.Path, "bad.hea");
        File.WriteAllText(header, "bad 1 500 100\nbad.dat 16 200 16 0 0 0 0 I\n");

        CliResult r = CliRunner.Run("inspect", header);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        string line = Assert.Single(r.StderrLines);
        Assert.Contains("bad.dat not found", line, StringComparison.Ordinal);
        Assert.Contains(header, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_without_csv_option_is_a_usage_error()
    {
        CliResult r = CliRunner.Run("export", Fixtures.Path("cinc", "ptbxl", "HR00001"));

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--csv", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_dataset_accepts_auto_and_exactly_the_registry_kinds()
    {
        CliResult r = CliRunner.Run("inspect", Fixtures.Path("ptbxl"), "--dataset", "nope");

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("Must be one of: " + string.Join(' ', DatasetKinds.OnDisk.Prepend("auto").Select(k => $"'{k}'")), Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }
}

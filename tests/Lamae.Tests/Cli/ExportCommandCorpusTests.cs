using System.Globalization;
using Lamae.Cli;
using Lamae.Core;
using Lamae.Io;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

/// <summary>`lamae export` on s0010_re (lower-case lead names and Frank leads), a fixture too large to commit.</summary>
[Trait("Category", "Corpus")]
public class ExportCommandCorpusTests
{
    [Fact]
    public void Export_writes_canonical_columns_equal_to_the_reader()
    {
        using TempFolder dir = Fixtures.Temp();
        string csv = Path.Combine(dir.Path, "s0010_re.csv");
        string record = SharedCorpus.Path("wfdb-fixtures", "s0010_re");

        CliResult r = CliRunner.Run("export", record, "--csv", csv);

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal(string.Join(',', Leads.Names), lines[0]);   // lower-case file names mapped, vx/vy/vz left out
        Ecg ecg = EcgReader.Read(record);
        Assert.Equal(ecg.Length + 1, lines.Length);
        float[] row = lines[1234].Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Leads.All.Select(l => ecg[l][1233]), row);
    }
}

using Lamae.Core;
using Lamae.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>lamae-npy.json: every field, the defaults, and one clear line for each mistake.</summary>
public sealed class NpySidecarTests : IDisposable
{
    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    private string Write(string json)
    {
        string path = Path.Combine(temp.Path, NpySidecar.FileName);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Reads_every_field()
    {
        NpySidecar s = NpySidecar.Read(Write("""{"rate": 100, "leads": ["I", "II", "V1"], "layout": "leads-time", "unit": "standardised", "csv": "list.csv"}"""));

        Assert.Equal(100, s.Rate);
        Assert.Equal([Lead.I, Lead.II, Lead.V1], s.Leads);
        Assert.Equal((NpyLayout.LeadsTime, EcgUnit.Standardised, "list.csv"), (s.Layout, s.Unit, s.Csv));
    }

    [Fact]
    public void An_absent_sidecar_or_empty_object_leaves_every_field_to_its_default()
    {
        Assert.Equal(new NpySidecar(), NpySidecar.Read(Path.Combine(temp.Path, "none.json")));
        Assert.Equal(new NpySidecar(), NpySidecar.Read(Write("{}")));
    }

    [Fact]
    public void Names_parse_both_ways()
    {
        Assert.Equal(EcgUnit.Standardised, NpySidecar.ParseUnit("Standardized"));
        Assert.Equal(EcgUnit.Millivolts, NpySidecar.ParseUnit("mv"));
        Assert.Null(NpySidecar.ParseUnit("uV"));
        Assert.All(Enum.GetValues<NpyLayout>(), l => Assert.Equal(l, NpySidecar.ParseLayout(NpySidecar.NameOf(l))));
        Assert.All(Enum.GetValues<EcgUnit>(), u => Assert.Equal(u, NpySidecar.ParseUnit(NpySidecar.NameOf(u))));
    }

    [Theory]
    [InlineData("""{"rate": 0}""", "\"rate\": 0 is not a positive number of Hz")]
    [InlineData("""{"rate": "100"}""", "\"rate\": \"100\" is not a positive number of Hz")]
    [InlineData("""{"Rate": 100}""", "unknown field \"Rate\"; the fields are rate, leads, layout, unit, csv")]
    [InlineData("""{"unit": "uV"}""", "\"unit\": 'uV' is not mV or standardised")]
    [InlineData("""{"layout": "tl"}""", "\"layout\": 'tl' is not time-leads or leads-time")]
    [InlineData("""{"leads": ["I", "X7"]}""", "\"leads\": \"X7\" is not one of the 12 standard leads")]
    [InlineData("""{"leads": ["I", "D1"]}""", "\"leads\": I is named twice")]
    [InlineData("""{"leads": []}""", "\"leads\" must be a non-empty list")]
    [InlineData("""{"csv": 3}""", "\"csv\" must be a non-empty string")]
    [InlineData("""[100]""", "expected a JSON object")]
    [InlineData("""{"rate": 100""", "not valid JSON")]
    public void A_mistake_is_one_line_naming_the_file(string json, string problem)
    {
        string path = Write(json);

        var ex = Assert.Throws<DatasetException>(() => NpySidecar.Read(path));

        Assert.StartsWith($"{path}: {problem}", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}

using Lamae.Core;

namespace Lamae.Tests.Core;

public class LeadsTests
{
    [Theory]
    [InlineData("I", Lead.I)]
    [InlineData("ii", Lead.II)]
    [InlineData("MLII", Lead.II)]
    [InlineData("AVR", Lead.aVR)]
    [InlineData("avl", Lead.aVL)]
    [InlineData("aVF", Lead.aVF)]
    [InlineData("v1", Lead.V1)]
    [InlineData("V6", Lead.V6)]
    [InlineData("Lead III", Lead.III)]
    [InlineData("DII", Lead.II)]
    [InlineData(" V 4 ", Lead.V4)]
    public void Aliases_map_to_canonical_leads(string name, Lead expected) => Assert.Equal(expected, Leads.Parse(name));

    [Theory]
    [InlineData("vx")]
    [InlineData("ABP")]
    [InlineData("PLETH")]
    [InlineData("V7")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_signals_are_not_leads(string? name) => Assert.Null(Leads.Parse(name));

    [Fact]
    public void Canonical_order_is_the_standard_one()
    {
        Assert.Equal(["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"], Leads.Names);
        Assert.All(Leads.All, l => Assert.Equal(l, Leads.Parse(l.Name())));
    }
}

using Lamae.Core;
using Lamae.Reconstruction;

namespace Lamae.Tests.Reconstruction;

/// <summary>The --keep syntax: sets separated by ';' or repeated, leads by ','; one clear line for a bad value.</summary>
public sealed class KeptLeadSetTests
{
    [Fact]
    public void Sets_come_from_semicolons_and_repeated_values_in_canonical_order_without_duplicates()
    {
        IReadOnlyList<KeptLeadSet> sets = KeptLeadSet.Parse(["I;I,II", "V2, II ,I", "V5,II", "I"]);

        Assert.Equal(["I", "I,II", "I,II,V2", "II,V5"], sets.Select(s => s.Name));
        Assert.Equal([Lead.III, Lead.aVR, Lead.aVL, Lead.aVF, Lead.V1, Lead.V3, Lead.V4, Lead.V5, Lead.V6], sets[2].Missing);
        Assert.Equal("I+II+V2", sets[2].Slug);
        Assert.Empty(KeptLeadSet.Parse([string.Join(',', Leads.Names)])[0].Missing);   // all 12 kept: nothing to rebuild, allowed
    }

    [Theory]
    [InlineData("I,Z", "'Z' is not one of the 12 leads")]
    [InlineData("", "an empty set")]
    [InlineData("I;;II", "an empty set")]
    [InlineData(" , ", "an empty set")]
    public void Bad_values_are_one_line_saying_what_is_wrong(string value, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => KeptLeadSet.Parse([value]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Groups_split_limb_from_precordial_leads()
    {
        Assert.Equal(6, Leads.All.Count(l => KeptLeadSet.GroupOf(l) == LeadGroup.Limb));
        Assert.Equal(LeadGroup.Precordial, KeptLeadSet.GroupOf(Lead.V1));
        Assert.Equal(LeadGroup.Limb, KeptLeadSet.GroupOf(Lead.aVF));
    }
}

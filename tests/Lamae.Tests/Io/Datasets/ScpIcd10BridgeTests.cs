using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>The PTB-XL statement -> ICD-10-CM bridge (docs/ptbxl-icd10-bridge.md): pinned mappings, infarct age, coverage, ancestors.</summary>
public sealed class ScpIcd10BridgeTests : IDisposable
{
    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("AFIB", "I4891")]
    [InlineData("CLBBB", "I447")]
    [InlineData("CRBBB", "I4510")]
    [InlineData("1AVB", "I440")]
    [InlineData("LVH", "I517")]
    [InlineData("SBRAD", "R001")]
    [InlineData("STACH", "R000")]
    [InlineData("LNGQT", "I4581")]
    [InlineData("PVC", "I493")]
    [InlineData("PAC", "I491")]
    [InlineData("WPW", "I456")]
    [InlineData("NDT", "R9431")]
    public void Statements_map_to_the_issues_codes(string statement, string code) =>
        Assert.Equal([code], ScpIcd10Bridge.Map([statement]));

    [Theory]
    [InlineData("Stadium III", null, "I252")]
    [InlineData("Stadium I", null, "I219")]
    [InlineData("Stadium I-II", null, "I219")]
    [InlineData("Stadium II", null, "I219")]
    [InlineData("unknown", "Stadium III", "I252")]
    [InlineData("Stadium II-III", null, null)]
    [InlineData("unknown", null, null)]
    [InlineData(null, null, null)]
    public void Infarcts_take_their_code_from_the_stadium(string? stadium1, string? stadium2, string? code)
    {
        IReadOnlyList<string> codes = ScpIcd10Bridge.Map(["IMI", "SR"], stadium1, stadium2);

        Assert.Equal(code is null ? [] : [code], codes);
    }

    [Fact]
    public void Every_ptbxl_statement_is_in_the_table_and_every_unmapped_one_says_why()
    {
        string[] statements = PtbXlStatements.Load(Fixtures.Path("ptbxl", "scp_statements.csv")).ByCode.Keys.ToArray();

        Assert.Equal(71, statements.Length);
        Assert.All(statements, s => Assert.NotNull(ScpIcd10Bridge.Of(s)));
        Assert.Equal(statements.Order(StringComparer.Ordinal), ScpIcd10Bridge.Table.Select(m => m.Statement).Order(StringComparer.Ordinal));
        Assert.All(ScpIcd10Bridge.Table, m => Assert.False(string.IsNullOrWhiteSpace(m.Basis)));
        Assert.All(ScpIcd10Bridge.Table.Where(m => m.Code is not null), m => Assert.Matches("^[A-Z][0-9]{2}[0-9A-Z]{0,4}$", m.Code!));
    }

    [Fact]
    public void The_label_set_adds_ancestors_as_Ext_ICD_does_and_reads_infarct_age_from_the_database()
    {
        File.WriteAllText(Path.Combine(temp.Path, "ptbxl_database.csv"),
            "ecg_id,patient_id,scp_codes,infarction_stadium1,infarction_stadium2,strat_fold\n"
            + "1,10,\"{'AFIB': 100.0}\",,,1\n2,11,\"{'AFLT': 100.0}\",,,1\n3,12,\"{'IMI': 100.0}\",Stadium III,,1\n4,13,\"{'IMI': 50.0}\",unknown,,1\n");
        EmbeddedRecord[] records =
        [
            new("1", "10", 1, "train", ["AFIB"]), new("2", "11", 1, "train", ["AFLT"]), new("3", "12", 1, "train", ["IMI"]), new("4", "13", 1, "train", ["IMI"]),
        ];

        LabelSet set = LabelSets.Build(LabelSets.PtbXlIcd10, records, DatasetKinds.PtbXl, temp.Path, new LabelSetOptions { MinPatients = 1 });

        // AFIB -> I4891 (+ I489, I48), AFLT -> I4892 (+ I489, I48): I489 joins both and stays, I48 labels the same records
        // and is merged into it; the old infarct (I252 + I25) is one column; the infarct of unknown age has no code.
        Assert.Equal(["I489", "I252", "I4891", "I4892"], set.Codes);
        Assert.Contains(set.Dropped, d => d.Code == "I48" && d.Reason.Contains("same training records as I489", StringComparison.Ordinal));
        Assert.Contains(set.Dropped, d => d.Code == "I25" && d.Reason.Contains("same training records as I252", StringComparison.Ordinal));
        Assert.Equal([false, false, true, false], set.Labels[1]);
    }
}

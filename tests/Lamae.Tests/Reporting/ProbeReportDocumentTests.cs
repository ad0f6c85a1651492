using Lamae.Reporting;
using Lamae.Tests.Support;
using static Lamae.Tests.Reporting.ProbeReportFixture;

namespace Lamae.Tests.Reporting;

public sealed class ProbeReportDocumentTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void The_macro_tables_mark_better_or_worse_only_where_the_paired_interval_excludes_0()
    {
        string markdown = ReportMarkdown.Render(ProbeReportDocument.Build(Report()));

        // The random row's cells: name, 10 % labels, 100 % labels (Markdown escapes the brackets).
        string[] auroc = RowAfter(markdown, "### Macro AUROC", "| random |");
        string[] auprc = RowAfter(markdown, "### Macro AUPRC", "| random |");
        Assert.Contains(@"\[-0.200, -0.050\] vs lamae worse", auroc[1], StringComparison.Ordinal);
        Assert.Contains(@"\[+0.010, +0.040\] vs lamae better", auprc[1], StringComparison.Ordinal);
        foreach (string cell in new[] { auroc[2], auprc[2] })
        {
            Assert.Contains("<br>Δ", cell, StringComparison.Ordinal);
            Assert.DoesNotContain("better", cell, StringComparison.Ordinal);
            Assert.DoesNotContain("worse", cell, StringComparison.Ordinal);
        }

        // The first folder's row has no difference at all.
        Assert.DoesNotContain("Δ", string.Concat(RowAfter(markdown, "### Macro AUROC", "| lamae |")), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_probe_has_its_sections_in_order_with_the_reference_and_floor_lines_and_the_protocol()
    {
        ReportDocument document = ProbeReportDocument.Build(Report());

        string[] headings = [.. document.Blocks.OfType<ReportHeading>().Select(h => h.Text)];
        Assert.Equal(
            [ProbeReportDocument.Title, "Probe probe: icd10 labels, folds protocol", "Embeddings", "Macro AUROC", "Macro AUPRC", "Per-code AUROC",
             "At 10 % labels", "At 100 % labels", "Codes left out", "Lead weights", "Protocol"],
            headings);
        string text = string.Join("\n", document.Blocks.OfType<ReportParagraph>().Select(p => p.Text));
        Assert.Contains("The first row is lamae", text, StringComparison.Ordinal);
        Assert.Contains("The random row is the floor", text, StringComparison.Ordinal);
        Assert.Contains("lead weights of lamae not shown", text, StringComparison.Ordinal);
        string protocol = string.Join("\n", document.Blocks.OfType<ReportList>().Single().Items);
        foreach (string expected in new[] { "/caches/synthetic", "indexsha", "Seeds: 0, 1", "C grid: 0.1, 1, 10", "none, balanced", "200 resamples", "seed 7", "95 %", "0.1.0.0", "2026-12-01 12:00:00" })
        {
            Assert.Contains(expected, protocol, StringComparison.Ordinal);
        }

        // The per-code table: a row per code with its test positives, the difference under the second folder.
        ReportTable perCode = document.Blocks.OfType<ReportTable>().First(t => t.Header[0] == "code" && t.Header[1] == "test positives");
        Assert.Equal(["code", "test positives", LamaeEmbeddings, RandomEmbeddings], perCode.Header);
        Assert.Equal(["E11", "1 of 4"], perCode.Rows[0].Take(2));
        Assert.Contains("\nΔ", perCode.Rows[0][3], StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_keeps_cells_in_their_columns_and_text_plain()
    {
        var document = new ReportDocument("t",
        [
            new ReportParagraph("a *b* <i>c</i> [d](e)"),
            new ReportTable(["x", "y"], [["164889003|59118001", "one\ntwo"]]),
        ]);

        string markdown = ReportMarkdown.Render(document);

        Assert.Contains(@"a \*b\* \<i\>c\</i\> \[d\](e)", markdown, StringComparison.Ordinal);
        Assert.Contains(@"| 164889003\|59118001 | one<br>two |", markdown, StringComparison.Ordinal);
    }

    private ProbeReport Report()
    {
        string probe = WriteProbe(Path.Combine(dir.Path, "probe"), Result(Path.Combine(dir.Path, "gone"), "/nowhere/random"));
        return ProbeReportBuilder.Build([probe]);
    }

    // The cells of the first table row starting with rowStart after the heading.
    private static string[] RowAfter(string markdown, string heading, string rowStart)
    {
        string rest = markdown[markdown.IndexOf(heading, StringComparison.Ordinal)..];
        string line = rest.Split('\n').First(l => l.StartsWith(rowStart, StringComparison.Ordinal));
        return line.Split(" | ");
    }
}

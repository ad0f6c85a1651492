namespace Lamae.Reporting;

/// <summary>One block of a report: the Markdown and the HTML renderers draw the same blocks, so both show the same content.</summary>
public abstract record ReportBlock;

/// <summary>A heading; level 1 is the report's title.</summary>
public sealed record ReportHeading(int Level, string Text) : ReportBlock;

/// <summary>A paragraph of plain text.</summary>
public sealed record ReportParagraph(string Text) : ReportBlock;

/// <summary>A bulleted list of plain-text items.</summary>
public sealed record ReportList(IReadOnlyList<string> Items) : ReportBlock;

/// <summary>A table of plain-text cells; a '\n' in a cell is a line break.</summary>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : ReportBlock;

/// <summary>A PNG image: <paramref name="FileName"/> beside the report, <paramref name="Caption"/> its alternative text and caption.</summary>
public sealed record ReportImage(string FileName, string Caption) : ReportBlock;

/// <summary>A report as a title and a list of blocks, before it is rendered to Markdown or HTML.</summary>
public sealed record ReportDocument(string Title, IReadOnlyList<ReportBlock> Blocks)
{
    /// <summary>The images the document shows, in order.</summary>
    public IEnumerable<ReportImage> Images => Blocks.OfType<ReportImage>();
}

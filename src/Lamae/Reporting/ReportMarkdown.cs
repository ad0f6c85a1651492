using System.Text;

namespace Lamae.Reporting;

/// <summary>Renders a <see cref="ReportDocument"/> as Markdown (CommonMark with GitHub tables); images are links to the PNG files beside it.</summary>
public static class ReportMarkdown
{
    /// <summary>The Markdown text of <paramref name="document"/>.</summary>
    public static string Render(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var md = new StringBuilder();
        foreach (ReportBlock block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading h:
                    md.Append('#', Math.Clamp(h.Level, 1, 6)).Append(' ').Append(Escape(h.Text)).Append("\n\n");
                    break;
                case ReportParagraph p:
                    md.Append(Escape(p.Text)).Append("\n\n");
                    break;
                case ReportList l:
                    foreach (string item in l.Items)
                    {
                        md.Append("- ").Append(Escape(item)).Append('\n');
                    }

                    md.Append('\n');
                    break;
                case ReportTable t:
                    Row(md, t.Header);
                    md.Append('|').Append(string.Concat(t.Header.Select(_ => " --- |"))).Append('\n');
                    foreach (IReadOnlyList<string> row in t.Rows)
                    {
                        Row(md, row);
                    }

                    md.Append('\n');
                    break;
                case ReportImage i:
                    md.Append("![").Append(Escape(i.Caption)).Append("](").Append(Uri.EscapeDataString(i.FileName)).Append(")\n\n");
                    break;
                default:
                    throw new ArgumentException($"unknown report block {block.GetType().Name}", nameof(document));
            }
        }

        return md.ToString();
    }

    // A cell's line breaks become <br>, the one piece of HTML GitHub tables allow in a cell; a '|' would end the cell.
    private static void Row(StringBuilder md, IReadOnlyList<string> cells)
    {
        md.Append('|');
        foreach (string cell in cells)
        {
            md.Append(' ').Append(string.Join("<br>", cell.Split('\n').Select(line => Escape(line).Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |");
        }

        md.Append('\n');
    }

    // Plain text stays plain: the characters Markdown would read as emphasis, links, HTML or code are backslash-escaped.
    private static string Escape(string text)
    {
        var s = new StringBuilder(text.Length);
        foreach (char c in text.Replace("\n", " ", StringComparison.Ordinal))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '!')
            {
                s.Append('\\');
            }

            s.Append(c);
        }

        return s.ToString();
    }
}

using System.Net;
using System.Text;

namespace Lamae.Reporting;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML page: inline CSS, every image embedded as a base64
/// data URI, every text HTML-escaped, and no reference to anything outside the file.
/// </summary>
public static class ReportHtml
{
    // Plain, printable, readable without a stylesheet from elsewhere.
    private const string Style = """
        body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; line-height: 1.4; }
        h1, h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
        table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.85em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        tr:nth-child(even) td { background: #fafafa; }
        figure { margin: 1em 0; }
        img { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { font-size: 0.85em; color: #555; }
        """;

    /// <summary>The HTML page of <paramref name="document"/>; <paramref name="images"/> holds the PNG bytes of every image it shows, by file name.</summary>
    public static string Render(ReportDocument document, IReadOnlyDictionary<string, byte[]> images)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(images);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(document.Title)).Append("</title>\n<style>\n")
            .Append(Style).Append("\n</style>\n</head>\n<body>\n");
        foreach (ReportBlock block in document.Blocks)
        {
            switch (block)
            {
                case ReportHeading h:
                    int level = Math.Clamp(h.Level, 1, 6);
                    html.Append("<h").Append(level).Append('>').Append(E(h.Text)).Append("</h").Append(level).Append(">\n");
                    break;
                case ReportParagraph p:
                    html.Append("<p>").Append(E(p.Text)).Append("</p>\n");
                    break;
                case ReportList l:
                    html.Append("<ul>\n");
                    foreach (string item in l.Items)
                    {
                        html.Append("<li>").Append(E(item)).Append("</li>\n");
                    }

                    html.Append("</ul>\n");
                    break;
                case ReportTable t:
                    html.Append("<table>\n<thead><tr>");
                    foreach (string cell in t.Header)
                    {
                        html.Append("<th>").Append(Cell(cell)).Append("</th>");
                    }

                    html.Append("</tr></thead>\n<tbody>\n");
                    foreach (IReadOnlyList<string> row in t.Rows)
                    {
                        html.Append("<tr>");
                        foreach (string cell in row)
                        {
                            html.Append("<td>").Append(Cell(cell)).Append("</td>");
                        }

                        html.Append("</tr>\n");
                    }

                    html.Append("</tbody>\n</table>\n");
                    break;
                case ReportImage i:
                    byte[] png = images.TryGetValue(i.FileName, out byte[]? bytes)
                        ? bytes
                        : throw new ArgumentException($"no PNG bytes for the image {i.FileName}", nameof(images));
                    html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\" alt=\"").Append(E(i.Caption))
                        .Append("\"><figcaption>").Append(E(i.Caption)).Append("</figcaption></figure>\n");
                    break;
                default:
                    throw new ArgumentException($"unknown report block {block.GetType().Name}", nameof(document));
            }
        }

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Cell(string text) => string.Join("<br>", text.Split('\n').Select(E));

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

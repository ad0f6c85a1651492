using System.Text.RegularExpressions;
using Lamae.Reporting;

namespace Lamae.Tests.Reporting;

public class ReportHtmlTests
{
    [Fact]
    public void The_page_embeds_every_image_links_nothing_outside_and_escapes_text()
    {
        byte[] a = [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3], b = [0x89, (byte)'P', (byte)'N', (byte)'G', 4, 5];
        var document = new ReportDocument("R&D <report>",
        [
            new ReportHeading(2, "Probe <script>alert(1)</script>"),
            new ReportImage("a.png", "first \"image\""),
            new ReportTable(["code"], [["I10 & <b>\nline two"]]),
            new ReportList(["see https://example.org"]),
            new ReportImage("b.png", "second"),
        ]);

        string html = ReportHtml.Render(document, new Dictionary<string, byte[]> { ["a.png"] = a, ["b.png"] = b });

        string[] sources = [.. Regex.Matches(html, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value)];
        Assert.Equal(2, sources.Length);
        Assert.Equal(["data:image/png;base64," + Convert.ToBase64String(a), "data:image/png;base64," + Convert.ToBase64String(b)], sources);
        Assert.DoesNotMatch("(src|href)\\s*=\\s*\"?(https?:|//)", html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<title>R&amp;D &lt;report&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("<td>I10 &amp; &lt;b&gt;<br>line two</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_without_bytes_is_a_programming_error_not_a_broken_page()
    {
        var document = new ReportDocument("t", [new ReportImage("missing.png", "x")]);

        Assert.Throws<ArgumentException>(() => ReportHtml.Render(document, new Dictionary<string, byte[]>()));
    }
}

using System.Globalization;
using System.Text.Json.Serialization;
using Lamae.Reconstruction;

namespace Lamae.Reporting;

/// <summary>One <c>lamae reconstruct</c> folder in the report: its numbers and the example printouts copied beside the report.</summary>
/// <param name="Name">The folder's name (made unique in the report).</param>
/// <param name="Folder">The reconstruction folder.</param>
/// <param name="Result">Its reconstruction.json.</param>
/// <param name="Images">Per example shown, its PNG's name in the report and its caption.</param>
/// <param name="Sources">Per example shown, the PNG's path in the reconstruction folder (read when the report is written).</param>
public sealed record ReconstructionReportSection(
    string Name,
    string Folder,
    ReconstructionReport Result,
    IReadOnlyList<ReportImage> Images,
    [property: JsonIgnore] IReadOnlyList<string> Sources)
{
    /// <summary>Reads a finished reconstruction folder; the first example of each kept-lead set is shown.</summary>
    public static ReconstructionReportSection Read(string directory, string name)
    {
        ReconstructionFolder folder = ReconstructionFolder.Open(directory);
        ReconstructionReport result = folder.ReadReport();
        var shown = result.Examples.GroupBy(e => e.Kept, StringComparer.Ordinal).Select(g => g.First())
            .Where(e => File.Exists(folder.PathOf(e.Plot))).ToArray();
        var images = shown.Select(e => new ReportImage($"reconstruction-{name}-{ProbeReportBuilder.Slug(e.Kept.Replace(',', '+'))}.png",
            $"{result.Model.Name} ({name}): record {e.Record} rebuilt from {e.Kept} (black), the true signal overlaid (blue)")).ToArray();
        return new ReconstructionReportSection(name, folder.Directory, result, images, shown.Select(e => folder.PathOf(e.Plot)).ToArray());
    }
}

/// <summary>The report's reconstruction part: per kept-lead set, every model's and the linear map's mean r and RMSE per rebuilt lead.</summary>
public static class ReconstructionReportDocument
{
    /// <summary>Adds the section for <paramref name="sections"/> (nothing when there is none).</summary>
    public static void Add(List<ReportBlock> blocks, IReadOnlyList<ReconstructionReportSection> sections)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(sections);
        if (sections.Count == 0)
        {
            return;
        }

        ReconstructionReport first = sections[0].Result;
        blocks.Add(new ReportHeading(2, "Missing-lead reconstruction"));
        blocks.Add(new ReportParagraph(string.Create(CultureInfo.InvariantCulture,
            $"Each model rebuilds the leads that were not kept from those that were; the linear baseline is a least-squares map from the kept leads (with an intercept) to each missing lead, fitted on the training split of {first.FitCache.Directory} ({(first.Sets.Count > 0 ? first.Sets[0].LinearMap.TrainingRecords : 0)} ECGs). ")
            + string.Join(' ', first.Notes)));
        if (sections.Any(s => s.Result.FitCache.IndexSha256 != first.FitCache.IndexSha256 || s.Result.Cache?.IndexSha256 != first.Cache?.IndexSha256 || s.Result.Split != first.Split))
        {
            blocks.Add(new ReportParagraph("The folders were not all made on the same records with the same linear map: the linear columns are those of the first folder."));
        }

        blocks.Add(new ReportList(sections.Select(s => $"{s.Name}: {s.Result.Model.Name} ({s.Result.Model.Config.Name}) from {s.Result.Run}, {s.Result.Records} ECGs of {s.Result.Cache?.Directory ?? s.Result.Record} ({s.Result.Split ?? "one record"}), folder {s.Folder}").ToArray()));
        foreach (KeptSetReport set in first.Sets.Where(s => s.Missing.Count > 0))
        {
            var models = sections.Select(s => (s.Name, Method: s.Result.Sets.FirstOrDefault(x => x.Kept == set.Kept)?.Methods[0])).ToArray();
            MethodReport linear = set.Methods[^1];
            blocks.Add(new ReportHeading(3, $"Kept {set.Kept}: {set.Missing.Count} leads rebuilt ({set.Records} ECGs)"));
            blocks.Add(new ReportTable(["lead", .. models.Select(m => $"{m.Name} r"), "linear r", .. models.Select(m => $"{m.Name} RMSE"), "linear RMSE"],
                [.. linear.Leads.Select((l, i) => (IReadOnlyList<string>)[l.Lead,
                    .. models.Select(m => F(m.Method?.Leads.FirstOrDefault(x => x.Lead == l.Lead)?.MeanR)), F(l.MeanR),
                    .. models.Select(m => F(m.Method?.Leads.FirstOrDefault(x => x.Lead == l.Lead)?.MeanRmse)), F(l.MeanRmse)]),
                 .. new[] { ("limb leads (mean)", (Func<MethodReport?, GroupScore?>)(m => m?.Limb)), ("precordial leads (mean)", m => m?.Precordial) }
                    .Where(g => g.Item2(linear) is not null)
                    .Select(g => (IReadOnlyList<string>)[g.Item1, .. models.Select(m => F(g.Item2(m.Method)?.MeanR)), F(g.Item2(linear)?.MeanR),
                        .. models.Select(m => F(g.Item2(m.Method)?.MeanRmse)), F(g.Item2(linear)?.MeanRmse)])]));
        }

        foreach (ReportImage image in sections.SelectMany(s => s.Images))
        {
            blocks.Add(image);
        }
    }

    private static string F(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";
}

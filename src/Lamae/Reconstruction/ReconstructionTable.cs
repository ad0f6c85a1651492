using System.Globalization;
using System.Text;

namespace Lamae.Reconstruction;

/// <summary>The markdown summary of a reconstruction: per kept set, a row per rebuilt lead with the model's and the linear map's r and RMSE.</summary>
public static class ReconstructionTable
{
    /// <summary>reconstruction.md for <paramref name="report"/>.</summary>
    public static string Markdown(ReconstructionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        string source = report.Record ?? $"{report.Cache?.Directory} ({report.Split})";
        md.Append(CultureInfo.InvariantCulture, $"# Missing-lead reconstruction: {report.Model.Name}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Run `{report.Run}`, {report.Records} ECG(s) from `{source}`; linear maps fitted on the training split of `{report.FitCache.Directory}`.\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Domain: {ReconstructionNotes.Domain}.\n");
        foreach (KeptSetReport set in report.Sets)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## Kept {set.Kept} ({set.Records} ECGs, {set.SkippedRecords} without every kept lead skipped)\n\n");
            if (set.Missing.Count == 0)
            {
                md.Append("Every lead kept: nothing to rebuild.\n");
                continue;
            }

            MethodReport model = set.Methods[0], linear = set.Methods[1];
            md.Append(CultureInfo.InvariantCulture, $"| lead | {model.Method} r | linear r | {model.Method} RMSE | linear RMSE | ECGs |\n");
            md.Append("|---|---:|---:|---:|---:|---:|\n");
            foreach ((LeadScore m, LeadScore l) in model.Leads.Zip(linear.Leads))
            {
                md.Append(CultureInfo.InvariantCulture, $"| {m.Lead} | {F(m.MeanR)} | {F(l.MeanR)} | {F(m.MeanRmse)} | {F(l.MeanRmse)} | {m.Records} |\n");
            }

            foreach ((string name, GroupScore? m, GroupScore? l) in new[] { ("limb mean", model.Limb, linear.Limb), ("precordial mean", model.Precordial, linear.Precordial) })
            {
                if (m is not null && l is not null)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| **{name}** | {F(m.MeanR)} | {F(l.MeanR)} | {F(m.MeanRmse)} | {F(l.MeanRmse)} | |\n");
                }
            }
        }

        md.Append("\n## Notes\n\n");
        foreach (string note in report.Notes)
        {
            md.Append("- ").Append(note).Append('\n');
        }

        return md.ToString();
    }

    private static string F(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-";
}

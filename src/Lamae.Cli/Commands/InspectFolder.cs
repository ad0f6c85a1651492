using System.Globalization;
using Lamae.Io;
using Lamae.Io.Wfdb;
using Spectre.Console;

namespace Lamae.Cli.Commands;

/// <summary>`lamae inspect DIR` for a plain folder of WFDB records: counts of records, rates, lead sets, gains and labels from headers alone.</summary>
internal static class InspectFolder
{
    public static int Run(CliOutput output, string dir, bool json)
    {
        var headers = Directory.GetFiles(dir, "*.hea", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var rates = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var leadSets = new Dictionary<string, int>(StringComparer.Ordinal);
        var gains = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        double seconds = 0;
        foreach (string h in headers)
        {
            WfdbHeader header;
            try
            {
                header = WfdbHeaderParser.ReadFile(h);
            }
            catch (WfdbFormatException ex)
            {
                failures.Add(ex.Message);
                continue;
            }

            if (header.Signals.Count == 0 && !header.IsMultiSegment)
            {
                continue;
            }

            Increment(rates, header.Record.SamplingFrequency.ToString("G6", CultureInfo.InvariantCulture) + " Hz");
            seconds += (header.Record.SampleCount ?? 0) / header.Record.SamplingFrequency;
            var present = header.Signals.Select(s => Leads.Parse(s.Description)).OfType<Lead>().Distinct().Order().Select(l => l.Name()).ToList();
            Increment(leadSets, present.Count == 12 ? "12 standard leads" : present.Count == 0 ? "no standard leads" : string.Join(" ", present));
            foreach (string g in header.Signals.Where(s => Leads.Parse(s.Description) is not null).Select(s => $"{s.AdcGain.ToString("G6", CultureInfo.InvariantCulture)}/{(s.Units.Equals("mV", StringComparison.OrdinalIgnoreCase) ? "mV" : s.Units)}").Distinct())
            {
                if (!gains.TryGetValue(g, out List<string>? list))
                {
                    gains[g] = list = [];
                }

                list.Add(header.Record.Name);
            }

            if (HeaderComments.ParseFields(header.Comments).TryGetValue("Dx", out string? dx))
            {
                foreach (string code in dx.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct())
                {
                    Increment(labels, code);
                }
            }
        }

        var summary = new
        {
            folder = dir,
            records = headers.Count - failures.Count,
            hours = seconds / 3600,
            samplingRates = rates,
            leadSets,
            gains = gains.OrderByDescending(g => g.Value.Count).ToDictionary(g => g.Key, g => new { records = g.Value.Count, examples = g.Value.Take(5) }),
            labels = labels.OrderByDescending(l => l.Value).ToDictionary(l => l.Key, l => l.Value),
            unreadableHeaders = failures,
        };
        if (json)
        {
            output.WriteJson(summary);
            return ExitCodes.Success;
        }

        IAnsiConsole c = output.Console;
        c.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{dir}: {summary.records} records, {summary.hours:F2} hours")));
        Show(c, "sampling rates", rates.ToDictionary(r => r.Key, r => r.Value.ToString(CultureInfo.InvariantCulture)));
        Show(c, "lead sets", leadSets.OrderByDescending(l => l.Value).ToDictionary(l => l.Key, l => l.Value.ToString(CultureInfo.InvariantCulture)));
        // A gain that only a few records use is how wrong headers show up (CinC's 4880/mV and 200/mV beside 1000/mV).
        Show(c, "ECG gains (ADC units per unit)", gains.OrderByDescending(g => g.Value.Count)
            .ToDictionary(g => g.Key, g => $"{g.Value.Count} records" + (g.Value.Count <= 5 ? ": " + string.Join(", ", g.Value) : string.Empty)));
        if (labels.Count > 0)
        {
            Show(c, "labels (# Dx, top 15)", labels.OrderByDescending(l => l.Value).Take(15).ToDictionary(l => l.Key, l => l.Value.ToString(CultureInfo.InvariantCulture)));
        }

        foreach (string f in failures)
        {
            output.Error.WriteLine($"lamae inspect: unreadable header: {f}");
        }

        return ExitCodes.Success;
    }

    private static void Increment(IDictionary<string, int> counts, string key) => counts[key] = counts.TryGetValue(key, out int n) ? n + 1 : 1;

    private static void Show(IAnsiConsole c, string title, Dictionary<string, string> rows)
    {
        var t = new Table().Border(TableBorder.Simple).Title(title).AddColumn("value").AddColumn("count");
        foreach ((string k, string v) in rows)
        {
            t.AddRow(Markup.Escape(k), Markup.Escape(v));
        }

        c.Write(t);
    }
}

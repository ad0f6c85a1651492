using System.Globalization;
using CsvHelper;
using Lamae.Common;
using Lamae.Core;

namespace Lamae.Io;

/// <summary>Writes an ECG as CSV: a header row of canonical lead names, then one row per sample in mV ("NaN" where missing).</summary>
public static class EcgCsvExporter
{
    /// <summary>Writes <paramref name="ecg"/>'s present leads to <paramref name="path"/> (written whole, then renamed into place).</summary>
    public static void Write(Ecg ecg, string path)
    {
        ArgumentNullException.ThrowIfNull(ecg);
        AtomicFile.WriteText(path, writer => Write(ecg, writer));
    }

    /// <summary>Writes the CSV text to <paramref name="writer"/>.</summary>
    public static void Write(Ecg ecg, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(ecg);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        Write(ecg, csv);
    }

    private static void Write(Ecg ecg, CsvWriter csv)
    {
        Lead[] leads = [.. ecg.PresentLeads];
        foreach (Lead lead in leads)
        {
            csv.WriteField(lead.Name());
        }

        csv.NextRecord();
        for (int k = 0; k < ecg.Length; k++)
        {
            foreach (Lead lead in leads)
            {
                float v = ecg[lead][k];
                csv.WriteField(float.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture));
            }

            csv.NextRecord();
        }
    }
}

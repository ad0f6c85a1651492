using Lamae.Core;
using Lamae.Io.Wfdb;

namespace Lamae.Io;

/// <summary>
/// Reads an ECG file into canonical leads: WFDB records (any supported format, `.mat` signal files,
/// multi-segment records). Signals that are not one of the 12 standard leads (Frank XYZ, blood pressure)
/// are left out and named in the metadata's warnings; the file's lead order does not leave this class.
/// </summary>
public static class EcgReader
{
    /// <summary>
    /// The units of a lead written as a per-lead z-score (<see cref="EcgUnit.Standardised"/>), as <c>lamae reconstruct</c>
    /// writes rebuilt records: read with the values as they are, and the ECG marked standardised.
    /// </summary>
    public const string StandardisedUnits = "SD";

    /// <summary>Reads the record at <paramref name="path"/> ("dir/rec" or "dir/rec.hea").</summary>
    public static Ecg Read(string path, long from = 0, long? to = null) => FromRecord(WfdbReader.Read(path, from, to));

    /// <summary>Maps a decoded WFDB record onto the canonical leads, in mV.</summary>
    public static Ecg FromRecord(WfdbRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var warnings = new List<string>(record.Warnings);
        var leads = new Dictionary<Lead, float[]>();
        var skipped = new List<string>();

        // A record whose leads are all standardised (units SD) is read as such; in a record with voltages, SD leads are left out.
        bool standardised = record.Signals.Where(s => Leads.Parse(s.Name) is not null).All(s => IsStandardised(s.Spec.Units));
        foreach (WfdbSignal signal in record.Signals)
        {
            Lead? lead = Leads.Parse(signal.Name);
            double? toMillivolts = standardised ? 1 : MillivoltsPer(signal.Spec.Units);
            if (lead is null || toMillivolts is null)
            {
                skipped.Add(lead is null ? signal.Name : $"{signal.Name} (units '{signal.Spec.Units}')");
                continue;
            }

            if (leads.ContainsKey(lead.Value))
            {
                warnings.Add($"{record.Header.Path}:{signal.Spec.LineNumber}: a second signal named {signal.Name} maps to lead {lead.Value.Name()}; the first one is kept");
                continue;
            }

            leads[lead.Value] = FrameRate(signal.Physical, signal.Spec.SamplesPerFrame, (float)toMillivolts.Value);
        }

        if (leads.Count == 0)
        {
            throw WfdbFormatException.At(record.Header.Path, null,
                $"no ECG lead among its signals ({string.Join(", ", record.Signals.Select(s => s.Name))}); expected names such as I, II, V1, MLII");
        }

        if (skipped.Count > 0)
        {
            warnings.Add($"{record.Header.Path}: signals that are not standard ECG leads were left out: {string.Join(", ", skipped)}");
        }

        IReadOnlyDictionary<string, string> fields = HeaderComments.ParseFields(record.Header.Comments);
        var metadata = new EcgMetadata(
            record.Name,
            Age: HeaderComments.Age(fields),
            Sex: HeaderComments.Sex(fields),
            Source: record.Header.Path,
            Comments: record.Header.Comments,
            Fields: fields)
        {
            Warnings = warnings,
            Unit = standardised ? EcgUnit.Standardised : EcgUnit.Millivolts,
        };
        return Ecg.FromLeads(record.SamplingFrequency, leads, metadata);
    }

    private static bool IsStandardised(string units) => units.Trim().Equals(StandardisedUnits, StringComparison.Ordinal);

    /// <summary>Factor from <paramref name="units"/> to mV, or null when the units are not a voltage.</summary>
    public static double? MillivoltsPer(string units)
    {
        ArgumentNullException.ThrowIfNull(units);
        return units.Trim() switch
        {
            "" => 1,   // WFDB's default unit
            var u when u.Equals("mV", StringComparison.OrdinalIgnoreCase) => 1,
            var u when u.Equals("uV", StringComparison.OrdinalIgnoreCase) || u == "µV" => 1e-3,
            var u when u.Equals("V", StringComparison.OrdinalIgnoreCase) => 1e3,
            _ => null,
        };
    }

    // Signals with several samples per frame are averaged per frame (wfdb-python's smooth_frames), so that
    // every lead of an Ecg runs at the record's frame rate.
    private static float[] FrameRate(float[] samples, int spf, float scale)
    {
        if (spf == 1)
        {
            if (scale == 1)
            {
                return samples;
            }

            var scaled = new float[samples.Length];   // the record's own array stays as read
            for (int i = 0; i < samples.Length; i++)
            {
                scaled[i] = samples[i] * scale;
            }

            return scaled;
        }

        var frames = new float[samples.Length / spf];
        for (int f = 0; f < frames.Length; f++)
        {
            double sum = 0;
            for (int k = 0; k < spf; k++)
            {
                sum += samples[(f * spf) + k];
            }

            frames[f] = (float)(sum / spf * scale);
        }

        return frames;
    }
}

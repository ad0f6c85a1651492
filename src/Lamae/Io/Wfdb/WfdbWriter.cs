using System.Globalization;
using System.Text;
using Lamae.Common;
using Lamae.Core;

namespace Lamae.Io.Wfdb;

/// <summary>How <see cref="WfdbWriter"/> stores an ECG.</summary>
/// <param name="Format">16 (16-bit) or 212 (packed 12-bit, as MIT-BIH).</param>
/// <param name="Gain">ADC units per mV. 1000 with format 16 keeps 1 uV steps over +-32 mV (CinC, PTB-XL, MIMIC).</param>
/// <param name="LeadOrder">Leads in file order (absent leads are skipped); default: canonical order.</param>
/// <param name="Comments">Header comment lines (without '#').</param>
/// <param name="BaseTime">Time of the first sample (HH:MM:SS), written when given with <paramref name="BaseDate"/> or alone.</param>
/// <param name="BaseDate">Date of the first sample (DD/MM/YYYY).</param>
public sealed record WfdbWriteOptions(
    int Format = 16,
    double Gain = 1000,
    IReadOnlyList<Lead>? LeadOrder = null,
    IReadOnlyList<string>? Comments = null,
    string? BaseTime = null,
    string? BaseDate = null);

/// <summary>
/// Writes ECGs as WFDB records (header + one signal file, formats 16 and 212) that <see cref="WfdbReader"/>
/// reads back exactly: digital = round(mV x gain), NaN stored as the invalid-sample value, checksums and
/// initial values filled in. Files appear whole: each is written to a temporary name, then renamed.
/// </summary>
public static class WfdbWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Writes <paramref name="ecg"/> as record <paramref name="name"/> in <paramref name="directory"/>; returns the header path.</summary>
    public static string Write(string directory, string name, Ecg ecg, WfdbWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ecg);
        WfdbWriteOptions o = options ?? new WfdbWriteOptions();
        IEnumerable<Lead> order = o.LeadOrder ?? Leads.All;
        string units = ecg.Metadata.Unit == EcgUnit.Standardised ? EcgReader.StandardisedUnits : "mV";  // z-scores are not voltages
        var signals = order.Where(ecg.Has).Select(l => new WfdbSignalToWrite(l.Name(), Digitise(ecg[l], o.Gain, o.Format), o.Gain, units)).ToList();
        return WriteSignals(directory, name, ecg.SamplingRate, signals, o);
    }

    /// <summary>Quantises physical values to ADC units: round(x * gain), NaN to the invalid-sample value.</summary>
    public static int[] Digitise(ReadOnlySpan<float> physical, double gain, int format)
    {
        int invalid = WfdbSignalFormat.InvalidValue(format) ?? throw new ArgumentOutOfRangeException(nameof(format), format, "format 8 has no invalid-sample value");
        int max = -invalid - 1;
        var digital = new int[physical.Length];
        for (int i = 0; i < physical.Length; i++)
        {
            float x = physical[i];
            digital[i] = float.IsNaN(x) ? invalid : (int)Math.Clamp(Math.Round(x * gain, MidpointRounding.AwayFromZero), invalid + 1, max);
        }

        return digital;
    }

    /// <summary>Writes signals given as digital samples (all the same length) into one signal file.</summary>
    public static string WriteSignals(string directory, string name, double samplingFrequency, IReadOnlyList<WfdbSignalToWrite> signals, WfdbWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Format is not (16 or 212))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Format, "the writer produces formats 16 and 212");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            throw new ArgumentException($"record name '{name}' must be one word without '/'", nameof(name));
        }

        int n = signals.Count == 0 ? 0 : signals[0].Digital.Length;
        if (signals.Any(s => s.Digital.Length != n))
        {
            throw new ArgumentException("all signals must have the same number of samples", nameof(signals));
        }

        Directory.CreateDirectory(directory);
        string datName = name + ".dat";
        var frames = new int[(long)n * signals.Count];
        for (int s = 0; s < signals.Count; s++)
        {
            int[] d = signals[s].Digital;
            for (int k = 0; k < n; k++)
            {
                frames[((long)k * signals.Count) + s] = d[k];
            }
        }

        var bytes = new byte[WfdbSignalFormat.BytesFor(options.Format, frames.Length)];
        WfdbSignalFormat.Encode(options.Format, frames, bytes);
        AtomicFile.WriteAllBytes(Path.Combine(directory, datName), bytes);

        var header = new StringBuilder();
        header.Append(Inv, $"{name} {signals.Count} {samplingFrequency.ToString("R", Inv)} {n}");
        if (options.BaseTime is not null)
        {
            header.Append(' ').Append(options.BaseTime);
            if (options.BaseDate is not null)
            {
                header.Append(' ').Append(options.BaseDate);
            }
        }

        header.Append('\n');
        int bits = options.Format == 16 ? 16 : 12;
        foreach (WfdbSignalToWrite s in signals)
        {
            int checksum = 0;
            foreach (int v in s.Digital)
            {
                checksum += v;
            }

            int init = s.Digital.Length > 0 ? s.Digital[0] : 0;
            header.Append(Inv, $"{datName} {options.Format} {s.Gain.ToString("R", Inv)}(0)/{s.Units} {bits} 0 {init} {(short)checksum} 0 {s.Name}\n");
        }

        foreach (string comment in options.Comments ?? [])
        {
            header.Append("# ").Append(comment.Replace('\n', ' ')).Append('\n');
        }

        string headerPath = Path.Combine(directory, name + ".hea");
        AtomicFile.WriteAllText(headerPath, header.ToString(), Encoding.ASCII);
        return headerPath;
    }
}

/// <summary>One signal for <see cref="WfdbWriter.WriteSignals"/>: its description, digital samples, gain and units.</summary>
public sealed record WfdbSignalToWrite(string Name, int[] Digital, double Gain, string Units);

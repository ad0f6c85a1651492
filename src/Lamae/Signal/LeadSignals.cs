using System.Buffers;
using Lamae.Core;
using static System.FormattableString;

namespace Lamae.Signal;

/// <summary>Runs a per-lead transform over every present lead of an ECG, in double precision, reusing two buffers.</summary>
internal static class LeadSignals
{
    /// <summary>
    /// A new [12, outputLength] buffer where each present lead is <paramref name="transform"/>(lead, input, output)
    /// computed in doubles; absent leads stay zero. The input must be finite (earlier steps deal with NaN).
    /// </summary>
    public static float[] Map(Ecg ecg, int outputLength, string step, Action<Lead, ReadOnlySpan<double>, Span<double>> transform)
    {
        var output = new float[Leads.Count * outputLength];
        double[] input = ArrayPool<double>.Shared.Rent(ecg.Length);
        double[] result = ArrayPool<double>.Shared.Rent(outputLength);
        try
        {
            foreach (Lead lead in ecg.PresentLeads)
            {
                Span<double> x = input.AsSpan(0, ecg.Length);
                ToDouble(ecg[lead], x);
                RequireFinite(ecg, lead, x, step);
                Span<double> y = result.AsSpan(0, outputLength);
                transform(lead, x, y);
                ToSingle(y, output.AsSpan((int)lead * outputLength, outputLength));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(input);
            ArrayPool<double>.Shared.Return(result);
        }

        return output;
    }

    /// <summary>
    /// Like <see cref="Map"/> for a length-preserving transform of all present leads at once: <paramref name="transform"/>
    /// gets their count and a [count, Length] double buffer to rewrite in place.
    /// </summary>
    public static float[] MapRows(Ecg ecg, string step, Action<int, Span<double>> transform)
    {
        Lead[] present = ecg.PresentLeads.ToArray();
        int n = ecg.Length;
        var output = new float[Leads.Count * n];
        if (present.Length == 0)
        {
            return output;
        }

        double[] rented = ArrayPool<double>.Shared.Rent(present.Length * n);
        try
        {
            Span<double> rows = rented.AsSpan(0, present.Length * n);
            for (int r = 0; r < present.Length; r++)
            {
                Span<double> x = rows.Slice(r * n, n);
                ToDouble(ecg[present[r]], x);
                RequireFinite(ecg, present[r], x, step);
            }

            transform(present.Length, rows);
            for (int r = 0; r < present.Length; r++)
            {
                ToSingle(rows.Slice(r * n, n), output.AsSpan((int)present[r] * n, n));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }

        return output;
    }

    /// <summary>A step that needs finite samples names the record, the lead and the fix.</summary>
    public static void RequireFinite(Ecg ecg, Lead lead, ReadOnlySpan<double> x, string step)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new LamaeException(Invariant(
                    $"{step}: {Describe(ecg)} lead {lead.Name()} has a missing (NaN) or infinite sample at {i}; put interpolateNaN before {step}"));
            }
        }
    }

    /// <summary>"record X (file)" for error messages.</summary>
    public static string Describe(Ecg ecg)
    {
        string id = string.IsNullOrEmpty(ecg.Metadata.RecordId) ? "the ECG" : $"record {ecg.Metadata.RecordId}";
        return ecg.Metadata.Source is null ? id : $"{id} ({ecg.Metadata.Source})";
    }

    private static void ToDouble(ReadOnlySpan<float> source, Span<double> target)
    {
        for (int i = 0; i < source.Length; i++)
        {
            target[i] = source[i];
        }
    }

    private static void ToSingle(ReadOnlySpan<double> source, Span<float> target)
    {
        for (int i = 0; i < source.Length; i++)
        {
            target[i] = (float)source[i];
        }
    }
}

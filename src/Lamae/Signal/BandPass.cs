using System.Collections.Concurrent;
using Lamae.Core;
using static System.FormattableString;

namespace Lamae.Signal;

/// <summary>
/// Zero-phase Butterworth band-pass from <see cref="Low"/> to <see cref="High"/> Hz: SciPy's
/// <c>sosfiltfilt(butter(order, [low, high], 'bandpass', fs=rate, output='sos'), x)</c> on every lead.
/// </summary>
public sealed record BandPass : PreprocessingStep
{
    /// <summary>The JSON discriminator and command-line name.</summary>
    public const string Name = "bandpass";

    /// <summary>Removes baseline wander (respiration, movement: below ~0.5 Hz) but keeps the ST segment; DESIGN.md section 3 and AHA recommendations for diagnostic ECGs.</summary>
    public const double DefaultLow = 0.5;

    /// <summary>Upper edge for 100 Hz data (DESIGN.md section 3): below its 50 Hz Nyquist and below 50 Hz mains.</summary>
    public const double DefaultHighAt100Hz = 40;

    /// <summary>Upper edge for 250 and 500 Hz data (DESIGN.md section 3).</summary>
    public const double DefaultHighAt250HzAndAbove = 100;

    /// <summary>
    /// Butterworth order (a band-pass of order 4 has 8 poles); forward-backward filtering squares the
    /// magnitude response, so the edges fall off like an order-8 filter with no phase shift.
    /// </summary>
    public const int DefaultOrder = 4;

    private static readonly ConcurrentDictionary<(double Low, double High, int Order, double Rate), SecondOrderSections> Designs = new();

    /// <summary>Passes <paramref name="low"/> to <paramref name="high"/> Hz with a Butterworth filter of <paramref name="order"/>.</summary>
    public BandPass(double low = DefaultLow, double high = DefaultHighAt100Hz, int order = DefaultOrder)
    {
        if (!(low > 0) || double.IsInfinity(low))
        {
            throw new ArgumentException(Invariant($"{Name}: low must be a positive number of Hz, got {low}"), nameof(low));
        }

        if (!(high > low) || double.IsInfinity(high))
        {
            throw new ArgumentException(Invariant($"{Name}: high must be above low ({low} Hz), got {high}"), nameof(high));
        }

        if (order < 1 || order > Butterworth.MaxOrder)
        {
            throw new ArgumentException(Invariant($"{Name}: order must be 1 to {Butterworth.MaxOrder}, got {order}"), nameof(order));
        }

        Low = low;
        High = high;
        Order = order;
    }

    /// <summary>Lower cut-off in Hz.</summary>
    public double Low { get; }

    /// <summary>Upper cut-off in Hz; must be below the Nyquist frequency of the ECG it is applied to.</summary>
    public double High { get; }

    /// <summary>Butterworth order.</summary>
    public int Order { get; }

    /// <summary>DESIGN.md's default band for data that ends at <paramref name="rate"/> Hz: 0.5-40 Hz below 250 Hz, 0.5-100 Hz from 250 Hz.</summary>
    public static BandPass DefaultFor(double rate) =>
        new(DefaultLow, rate >= 250 ? DefaultHighAt250HzAndAbove : DefaultHighAt100Hz, DefaultOrder);

    /// <summary>The filter this step runs at <paramref name="rate"/> Hz.</summary>
    public SecondOrderSections DesignFor(double rate)
    {
        if (!(High < rate / 2))
        {
            throw new LamaeException(Invariant(
                $"{Name}: high = {High} Hz must be below the Nyquist frequency {rate / 2} Hz of a {rate} Hz ECG; lower high or resample to at least {2 * High} Hz first"));
        }

        return Designs.GetOrAdd((Low, High, Order, rate), static k => Butterworth.DesignBandPass(k.Order, k.Low, k.High, k.Rate));
    }

    /// <inheritdoc/>
    public override string ToString() => Invariant($"{Name}:{Low}:{High}:{Order}");

    internal override Ecg Apply(Ecg ecg, PreprocessingLog log)
    {
        SecondOrderSections sos = DesignFor(ecg.SamplingRate);
        int needed = ZeroPhaseFilter.MinimumLength(sos);
        if (ecg.PresentCount > 0 && ecg.Length < needed)
        {
            throw new LamaeException(Invariant(
                $"{Name}: {LeadSignals.Describe(ecg)} has {ecg.Length} samples; zero-phase filtering of order {Order} needs at least {needed} (padding {needed - 1})"));
        }

        float[] data = LeadSignals.MapRows(ecg, Name, (rows, x) => ZeroPhaseFilter.ApplyRows(sos, x, x, rows));
        return ecg.With(ecg.SamplingRate, ecg.Length, data);
    }
}

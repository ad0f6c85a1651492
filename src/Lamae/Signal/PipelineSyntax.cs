using System.Globalization;
using static System.FormattableString;

namespace Lamae.Signal;

/// <summary>
/// The command-line form of a pipeline: steps separated by commas, parameters by colons, names case-insensitive:
/// <c>interpolateNaN</c>, <c>bandpass:LOW:HIGH[:ORDER]</c>, <c>resample:HZ</c>, <c>clip:MV</c>,
/// <c>crop:SECONDS[:start|center|end]</c>, <c>standardise</c>; or <c>none</c> for no steps.
/// </summary>
public static class PipelineSyntax
{
    /// <summary>The form of a pipeline with no steps.</summary>
    public const string None = "none";

    /// <summary>What each step looks like, for error messages and help text.</summary>
    public const string Help = "interpolateNaN, bandpass:LOW:HIGH[:ORDER], resample:HZ, clip:MV, crop:SECONDS[:start|center|end], standardise";

    /// <summary>The steps <paramref name="text"/> names; a bad token is one <see cref="LamaeException"/> line naming it.</summary>
    public static IReadOnlyList<PreprocessingStep> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new LamaeException($"preprocessing: no steps given; write them like resample:100,bandpass:0.5:40 ({Help}) or {None}");
        }

        if (trimmed.Equals(None, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        return trimmed.Split(',').Select(t => ParseStep(t.Trim())).ToArray();
    }

    private static PreprocessingStep ParseStep(string token)
    {
        string[] parts = token.Split(':');
        string name = parts[0].Trim().ToLowerInvariant();
        string[] args = parts[1..];
        try
        {
            return name switch
            {
                "resample" => new Resample(Number(Arity(args, 1, 1, "resample:HZ"), 0)),
                "bandpass" => BandPassFrom(Arity(args, 2, 3, "bandpass:LOW:HIGH[:ORDER]")),
                "interpolatenan" or "interpolate" or "nan" => NoArguments(args, new InterpolateNaN()),
                "clip" => new Clip(Number(Arity(args, 1, 1, "clip:MV"), 0)),
                "crop" or "croporpad" => CropFrom(Arity(args, 1, 2, "crop:SECONDS[:start|center|end]")),
                "standardise" or "standardize" => NoArguments(args, new Standardise()),
                "" => throw new FormatException("empty step (two commas in a row?)"),
                _ => throw new FormatException($"unknown step '{parts[0]}'; known steps: {Help}"),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new LamaeException($"preprocessing step '{token}': {e.Message}", e);
        }
    }

    private static BandPass BandPassFrom(string[] args) =>
        new(Number(args, 0), Number(args, 1), args.Length > 2 ? Integer(args, 2) : BandPass.DefaultOrder);

    private static CropOrPad CropFrom(string[] args) =>
        new(Number(args, 0), args.Length > 1 ? Position(args[1]) : CropPosition.Center);

    private static string[] Arity(string[] args, int min, int max, string form) =>
        args.Length >= min && args.Length <= max
            ? args
            : throw new FormatException(Invariant($"expected {form}, got {args.Length} value(s)"));

    private static PreprocessingStep NoArguments(string[] args, PreprocessingStep step) =>
        args.Length == 0 ? step : throw new FormatException($"{step} takes no values");

    private static double Number(string[] args, int index) =>
        double.TryParse(args[index].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"'{args[index]}' is not a number");

    private static int Integer(string[] args, int index) =>
        int.TryParse(args[index].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"'{args[index]}' is not a whole number");

    private static CropPosition Position(string text) => text.Trim().ToLowerInvariant() switch
    {
        "start" => CropPosition.Start,
        "center" or "centre" => CropPosition.Center,
        "end" => CropPosition.End,
        _ => throw new FormatException($"'{text}' is not a position; use start, center or end"),
    };
}

using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lamae.Core;

namespace Lamae.Signal;

/// <summary>
/// An immutable, declared list of preprocessing steps. It serialises to JSON (<c>{"steps":[{"step":"resample","rate":100}, ...]}</c>),
/// prints and parses as a short command-line form (<c>resample:100,bandpass:0.5:40:4,crop:10:center,standardise</c>),
/// and has a short <see cref="Hash"/> that every later output records, so a cache built with other steps is never mistaken for this one.
/// </summary>
public sealed class PreprocessingPipeline : IEquatable<PreprocessingPipeline>
{
    /// <summary>Hex characters of the SHA-256 kept in <see cref="Hash"/>: 64 bits, no accidental collision among any number of pipelines a project will see.</summary>
    public const int HashLength = 16;

    private static readonly JsonSerializerOptions CanonicalOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        AllowOutOfOrderMetadataProperties = true, // hand-written JSON need not put "step" first
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, // a misspelt parameter is an error, not a default
        RespectRequiredConstructorParameters = true, // {"step":"resample"} without a rate is an error
    };

    private static readonly JsonSerializerOptions IndentedOptions = new(CanonicalOptions) { WriteIndented = true };

    private readonly PreprocessingStep[] steps;

    /// <summary>A pipeline running <paramref name="steps"/> in order.</summary>
    public PreprocessingPipeline(IEnumerable<PreprocessingStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        this.steps = steps.ToArray();
        if (this.steps.Any(s => s is null))
        {
            throw new ArgumentException("a preprocessing pipeline cannot hold a null step", nameof(steps));
        }

        Hash = ComputeHash(ToJson());
    }

    /// <summary>The steps, in the order they run.</summary>
    public IReadOnlyList<PreprocessingStep> Steps => steps;

    /// <summary>The first <see cref="HashLength"/> hex characters of the SHA-256 of the canonical (compact) JSON.</summary>
    public string Hash { get; }

    /// <summary>
    /// The standard pipeline for data at <paramref name="rate"/> Hz, <paramref name="seconds"/> long:
    /// interpolateNaN, bandpass (DESIGN.md's band for the target rate), resample, crop (centre), standardise.
    /// </summary>
    public static PreprocessingPipeline Default(double rate = 100, double seconds = 10) => new(
    [
        // Filters need finite samples; resample_poly's FIR would spread one NaN over 20 samples.
        new InterpolateNaN(),

        // Band-pass before resampling, at the source rate: it removes the baseline offset first, so that
        // resample_poly's zero padding beyond the ends (SciPy's default) sees no step there and adds no edge
        // transient; its upper edge (40 Hz for 100 Hz output) also sits below the target Nyquist, doubling as
        // anti-aliasing. The cost is filtering 2.5-10x more samples (still ~1 ms for 12 x 5000).
        BandPass.DefaultFor(rate),
        new Resample(rate),

        // Crop after filtering, so the kept window carries no filter edge effects from a cut.
        new CropOrPad(seconds, CropPosition.Center),
        new Standardise(),
    ]);

    /// <summary>Reads the command-line form: steps separated by commas, parameters by colons (see <see cref="PipelineSyntax"/>).</summary>
    public static PreprocessingPipeline Parse(string text) => new(PipelineSyntax.Parse(text));

    /// <summary>Reads a pipeline from its JSON; any problem is one <see cref="LamaeException"/> line.</summary>
    public static PreprocessingPipeline FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            Document? document = JsonSerializer.Deserialize<Document>(json, CanonicalOptions);
            if (document?.Steps is null)
            {
                throw new LamaeException("preprocessing pipeline JSON: expected {\"steps\": [...]}");
            }

            return new PreprocessingPipeline(document.Steps);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or NotSupportedException or TargetInvocationException)
        {
            Exception cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            string message = cause.Message.ReplaceLineEndings(" ");
            throw new LamaeException($"preprocessing pipeline JSON: {message}", cause);
        }
    }

    /// <summary>The JSON form; the compact one (the default) is canonical and is what <see cref="Hash"/> covers.</summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(new Document(steps), indented ? IndentedOptions : CanonicalOptions);

    /// <summary>Runs every step on <paramref name="ecg"/> and reports what they noticed.</summary>
    public PreprocessingResult Apply(Ecg ecg)
    {
        ArgumentNullException.ThrowIfNull(ecg);
        var log = new PreprocessingLog();
        foreach (PreprocessingStep step in steps)
        {
            ecg = step.Apply(ecg, log);
        }

        return log.ToResult(ecg, Hash);
    }

    /// <summary>The command-line form, which <see cref="Parse"/> reads back ("none" for no steps).</summary>
    public override string ToString() => steps.Length == 0 ? PipelineSyntax.None : string.Join(',', steps.Select(s => s.ToString()));

    /// <inheritdoc/>
    public bool Equals(PreprocessingPipeline? other) => other is not null && steps.SequenceEqual(other.steps);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PreprocessingPipeline);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Hash);

    private static string ComputeHash(string canonicalJson)
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson));
        return Convert.ToHexStringLower(digest)[..HashLength];
    }

    // The JSON document: an object rather than a bare array, so that fields can be added later.
    private sealed record Document([property: JsonPropertyName("steps")] IReadOnlyList<PreprocessingStep> Steps);
}

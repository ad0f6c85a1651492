using System.Text.Json.Serialization;
using Lamae.Core;

namespace Lamae.Signal;

/// <summary>
/// One declared preprocessing step. Steps are immutable values: they serialise to JSON as
/// <c>{"step": "resample", "rate": 100}</c> and print as their command-line form (<c>resample:100</c>).
/// Each applies to every present lead and returns a new <see cref="Ecg"/>; absent leads stay zero and absent.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "step", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(InterpolateNaN), InterpolateNaN.Name)]
[JsonDerivedType(typeof(BandPass), BandPass.Name)]
[JsonDerivedType(typeof(Resample), Resample.Name)]
[JsonDerivedType(typeof(Clip), Clip.Name)]
[JsonDerivedType(typeof(CropOrPad), CropOrPad.Name)]
[JsonDerivedType(typeof(Standardise), Standardise.Name)]
public abstract record PreprocessingStep
{
    private protected PreprocessingStep()
    {
    }

    /// <summary>Applies this step alone (what it noticed, such as flat leads, is dropped; use a pipeline to keep it).</summary>
    public Ecg Apply(Ecg ecg)
    {
        ArgumentNullException.ThrowIfNull(ecg);
        return Apply(ecg, new PreprocessingLog());
    }

    /// <summary>The command-line form, e.g. <c>bandpass:0.5:40:4</c>; <see cref="PreprocessingPipeline.Parse"/> reads it back.</summary>
    public abstract override string ToString();

    internal abstract Ecg Apply(Ecg ecg, PreprocessingLog log);
}

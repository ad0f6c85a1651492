using System.Text.Json.Serialization;

namespace Lamae.Signal;

/// <summary>Which part of a recording <see cref="CropOrPad"/> keeps when cropping, and where the signal sits when padding.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CropPosition>))]
public enum CropPosition
{
    /// <summary>Keep the first samples; pad after the signal.</summary>
    [JsonStringEnumMemberName("start")]
    Start,

    /// <summary>Keep the middle; pad equally on both sides (the odd sample after).</summary>
    [JsonStringEnumMemberName("center")]
    Center,

    /// <summary>Keep the last samples; pad before the signal.</summary>
    [JsonStringEnumMemberName("end")]
    End,
}

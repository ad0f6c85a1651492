using Lamae.Diagnostics;
using static TorchSharp.torch;

namespace Lamae.Runtime;

/// <summary>The precision a run computes in, and why: what --precision fp32|bf16|auto resolves to on this machine.</summary>
/// <param name="Name">fp32 or bf16.</param>
/// <param name="Reason">Why, in words ("asked for", "auto: this CPU has AVX512_BF16").</param>
public sealed record PrecisionChoice(string Name, string Reason)
{
    public const string Fp32 = "fp32";
    public const string Bf16 = "bf16";
    public const string Auto = "auto";

    /// <summary>The values --precision takes.</summary>
    public static IReadOnlyList<string> Names { get; } = [Fp32, Bf16, Auto];

    /// <summary>The dtype the models' Linear layers multiply in.</summary>
    public ScalarType Compute => ComputeOf(Name);

    /// <summary>The dtype a resolved precision (fp32 or bf16, as a run's options record it) multiplies in.</summary>
    public static ScalarType ComputeOf(string name) => name == Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>
    /// Resolves <paramref name="asked"/>: fp32 and bf16 as asked; auto is bf16 on CUDA and on a CPU with native bf16
    /// arithmetic (AVX512_BF16 or AMX-BF16, which libtorch's oneDNN kernels use), fp32 elsewhere.
    /// </summary>
    public static PrecisionChoice Resolve(string asked, Device device)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(device);
        switch (asked.Trim().ToLowerInvariant())
        {
            case Fp32:
                return new(Fp32, "asked for");
            case Bf16:
                return new(Bf16, "asked for");
            case Auto when device.type == TorchSharp.DeviceType.CUDA:
                return new(Bf16, "auto: a CUDA device");
            case Auto:
                string? native = SimdFeatures.Detect().FirstOrDefault(f => f is "AMX-BF16" or "AVX512_BF16");
                return native is null ? new(Fp32, "auto: this CPU has no native bf16 (neither AVX512_BF16 nor AMX-BF16)") : new(Bf16, $"auto: this CPU has {native}");
            default:
                throw new ArgumentException($"--precision {asked}: one of {string.Join(", ", Names)}");
        }
    }
}

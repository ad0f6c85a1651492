using Lamae.Runtime;

namespace Lamae.Diagnostics;

/// <summary>Everything `lamae doctor` checks, and the problems it found (healthy when there are none).</summary>
public sealed record DoctorReport(
    string Lamae,
    string DotNet,
    string OperatingSystem,
    string? TorchSharp,
    string? Libtorch,
    NativeFixStatus NativeFix,
    int ThreadsUsed,
    int ThreadsAvailable,
    IReadOnlyList<string> Simd,
    Runtime.PrecisionChoice AutoPrecision,
    GradientCheckResult? GradientCheck,
    DataFolderCheck Data,
    IReadOnlyList<string> Problems)
{
    /// <summary>True when nothing is wrong: the only case in which `lamae doctor` exits with 0.</summary>
    public bool Healthy => Problems.Count == 0;
}

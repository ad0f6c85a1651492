using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Lamae.Diagnostics;

/// <summary>The vector instruction sets of this CPU that .NET and libtorch can use.</summary>
public static class SimdFeatures
{
    /// <summary>Names of the supported instruction sets, widest last.</summary>
    public static IReadOnlyList<string> Detect()
    {
        var found = new List<string>();
        void Add(bool supported, string name)
        {
            if (supported)
            {
                found.Add(name);
            }
        }

        Add(Sse42.IsSupported, "SSE4.2");
        Add(Avx.IsSupported, "AVX");
        Add(Avx2.IsSupported, "AVX2");
        Add(Fma.IsSupported, "FMA");
        Add(Avx512F.IsSupported, "AVX-512F");
        Add(Avx512BW.IsSupported, "AVX-512BW");
        Add(Avx512Vbmi.IsSupported, "AVX-512VBMI");
        Add(AvxVnni.IsSupported, "AVX-VNNI");
        Add(AdvSimd.IsSupported, "NEON");

        // bf16 and AMX matter to libtorch's kernels but have no .NET intrinsic class: read the kernel's flags.
        HashSet<string> flags = CpuFlags();
        Add(flags.Contains("avx512_bf16"), "AVX512_BF16");
        Add(flags.Contains("amx_bf16"), "AMX-BF16");
        found.Add($"Vector{(Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128)} accelerated");
        return found;
    }

    private static HashSet<string> CpuFlags()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo))
        {
            return [];
        }

        string? line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        return line is null ? [] : [.. line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }
}

using System.Runtime.InteropServices;
using TorchSharp;

namespace Lamae.Runtime;

/// <summary>Process-wide TorchSharp set-up: thread count, allocator tuning, device choice.</summary>
public static class TorchRuntime
{
    // glibc mallopt parameters (malloc.h). Raising the mmap threshold and never trimming keeps libtorch's
    // large, short-lived buffers in the heap: 2.5-3x fewer page faults and a 3-11 % faster training step
    // on this machine (shared/docs/PERFORMANCE.md, "Allocator"). Needs no environment variable or package.
    // glibc caps that threshold at 32 MiB, so larger tensors (tiny LAMAE's MLP activations at batch 64 are 47 MB) were
    // still mapped afresh, and page-faulted in, at every step: in a KVM guest a first touch costs about 15 us a page,
    // which made a [30720, 96] x [96, 384] fp32 Linear take 83 ms instead of 14 ms. No mmap at all (M_MMAP_MAX 0) keeps
    // them in the heap too: 15-20 % faster fp32 steps at batch 64 for about 0.15 GB more peak memory
    // (bench/README.md, "Page faults").
    private const int MallocTrimThreshold = -1;
    private const int MallocMmapThreshold = -3;
    private const int MallocMmapMax = -4;
    private const int MmapThresholdBytes = 32 * 1024 * 1024;

    private static readonly Lock Gate = new();
    private static bool allocatorTuned;

    /// <summary>Threads torch computes with after <see cref="Configure"/>.</summary>
    public static int Threads => torch.get_num_threads();

    /// <summary>Sets the number of torch compute threads (at least 1) and tunes the allocator once.</summary>
    public static void Configure(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "at least one thread is needed");
        }

        lock (Gate)
        {
            if (!allocatorTuned && OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture is Architecture.X64 or Architecture.Arm64)
            {
                TuneGlibcMalloc();
                allocatorTuned = true;
            }
        }

        torch.set_num_threads(threads);
    }

    /// <summary>
    /// Resolves a device name ("cpu", "cuda", "cuda:1"); fails with one clear line when CUDA is asked for
    /// but this build of Lamae carries the CPU-only libtorch or no GPU is visible.
    /// </summary>
    public static torch.Device ResolveDevice(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu")
        {
            return torch.CPU;
        }

        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
            {
                throw new LamaeException(
                    $"--device {name}: CUDA is not available in this build (it uses the CPU-only libtorch). "
                    + "Rebuild on a CUDA machine with 'dotnet build -c Release -p:LamaeTorch=cuda', or use --device cpu.");
            }

            return new torch.Device(n);
        }

        throw new LamaeException($"--device {name}: unknown device; use cpu or cuda (or cuda:N).");
    }

    private static void TuneGlibcMalloc()
    {
        try
        {
            _ = NativeMethods.mallopt(MallocMmapThreshold, MmapThresholdBytes);
            _ = NativeMethods.mallopt(MallocTrimThreshold, int.MaxValue);
            _ = NativeMethods.mallopt(MallocMmapMax, 0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, say): the default allocator is fine, only slower.
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "mallopt")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int mallopt(int param, int value);
    }
}

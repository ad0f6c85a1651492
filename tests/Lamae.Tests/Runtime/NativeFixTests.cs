using Lamae.Runtime;
using TorchSharp;

namespace Lamae.Tests.Runtime;

/// <summary>The Debian 12 native fix (build/TorchSharpNativeFix.targets) and the ELF code it shares with doctor.</summary>
public class NativeFixTests
{
    private const string LibStdCxx = "libstdc++.so.6";

    [Fact]
    public void The_patched_native_library_loads_and_computes()
    {
        using var x = torch.arange(1, 5, dtype: torch.float32);   // 1 2 3 4

        float sumOfSquares = (x * x).sum().item<float>();

        Assert.Equal(30f, sumOfSquares);
        Assert.StartsWith("2.10.0", torch.__version__, StringComparison.Ordinal);
        // The loader mapped the copy next to the tests, and that copy carries the fix wherever it is needed.
        NativeFixStatus status = NativeFixStatus.Probe();
        Assert.NotNull(status.NativeLibrary);
        Assert.StartsWith(AppContext.BaseDirectory, status.NativeLibrary, StringComparison.Ordinal);
        Assert.True(status.Applied, status.Problem);
        Assert.Null(status.Problem);
    }

    [Fact]
    public void Status_is_consistent_with_the_system_libstdcxx()
    {
        NativeFixStatus status = NativeFixStatus.Probe();
        Assert.NotNull(status.SystemLibStdCxx);
        HashSet<string> defined = ElfVersionNeeds.ReadDefinitions(File.ReadAllBytes(status.SystemLibStdCxx));
        List<ElfVersionNeed> needs = ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(status.NativeLibrary!));

        var expectedMissing = needs.Where(n => n.Library == LibStdCxx && !defined.Contains(n.Version)).Select(n => n.Version);

        Assert.Equal(expectedMissing, status.MissingVersions);
        Assert.Equal(status.MissingVersions.Count > 0, status.Needed);
        Assert.Contains("GLIBCXX_3.4", defined);
    }

    [Fact]
    public void The_nuget_copy_is_untouched_and_needs_only_the_unused_symbol_at_3_4_32()
    {
        byte[] original = File.ReadAllBytes(NuGetCopy());

        ElfVersionNeed need = ElfVersionNeeds.ReadNeeds(original).Single(n => n.Version == "GLIBCXX_3.4.32");

        Assert.Equal(LibStdCxx, need.Library);
        Assert.False(need.Weak);   // the fix never writes into the NuGet cache
        Assert.Equal([ElfVersionNeeds.UnusedIosInitSymbol], need.Symbols);
    }

    [Fact]
    public void Weakening_marks_exactly_the_missing_need_and_is_idempotent()
    {
        byte[] bytes = File.ReadAllBytes(NuGetCopy());
        byte[] before = (byte[])bytes.Clone();
        var systemWithout332 = new HashSet<string>(ElfVersionNeeds.ReadNeeds(bytes).Select(n => n.Version).Where(v => v != "GLIBCXX_3.4.32"));
        List<ElfVersionNeed> unmet = ElfVersionNeeds.UnmetStrongNeeds(ElfVersionNeeds.ReadNeeds(bytes), systemWithout332, LibStdCxx);

        string? error = ElfVersionNeeds.Weaken(bytes, unmet, [ElfVersionNeeds.UnusedIosInitSymbol]);

        Assert.Null(error);
        Assert.Equal(["GLIBCXX_3.4.32"], unmet.Select(n => n.Version));
        Assert.Equal(1, bytes.Zip(before).Count(p => p.First != p.Second));   // one byte: the flags field
        List<ElfVersionNeed> after = ElfVersionNeeds.ReadNeeds(bytes);
        Assert.True(after.Single(n => n.Version == "GLIBCXX_3.4.32").Weak);
        Assert.Equal(
            ElfVersionNeeds.ReadNeeds(before).Where(n => n.Version != "GLIBCXX_3.4.32").Select(n => (n.Version, n.Weak)),
            after.Where(n => n.Version != "GLIBCXX_3.4.32").Select(n => (n.Version, n.Weak)));
        Assert.Empty(ElfVersionNeeds.UnmetStrongNeeds(after, systemWithout332, LibStdCxx));
    }

    [Fact]
    public void Weakening_refuses_a_version_that_real_symbols_need_and_changes_nothing()
    {
        byte[] bytes = File.ReadAllBytes(NuGetCopy());
        byte[] before = (byte[])bytes.Clone();
        List<ElfVersionNeed> used = ElfVersionNeeds.ReadNeeds(bytes).Where(n => n.Version == "GLIBCXX_3.4.30").ToList();
        Assert.NotEmpty(Assert.Single(used).Symbols);

        string? error = ElfVersionNeeds.Weaken(bytes, used, [ElfVersionNeeds.UnusedIosInitSymbol]);

        Assert.NotNull(error);
        Assert.Contains("refusing", error, StringComparison.Ordinal);
        Assert.Equal(before, bytes);
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_rejected_clearly()
    {
        var ex = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.ReadNeeds("#!/bin/sh\necho hello\n"u8.ToArray()));
        Assert.Contains("not an ELF file", ex.Message, StringComparison.Ordinal);
        byte[] truncated = File.ReadAllBytes(NuGetCopy())[..4096];
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.ReadNeeds(truncated));
    }

    [Fact]
    public void Cuda_fails_with_one_line_naming_the_fix_on_a_cpu_build()
    {
        Assert.Equal(torch.CPU.type, TorchRuntime.ResolveDevice("cpu").type);
        Assert.False(torch.cuda.is_available());

        var ex = Assert.Throws<LamaeException>(() => TorchRuntime.ResolveDevice("cuda"));

        Assert.DoesNotContain('\n', ex.Message);
        Assert.Contains("LamaeTorch=cuda", ex.Message, StringComparison.Ordinal);
        Assert.Throws<LamaeException>(() => TorchRuntime.ResolveDevice("tpu"));
    }

    // The package as NuGet unpacked it: the build reads it, never writes it.
    private static string NuGetCopy()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"restored TorchSharp package not found at {path}");
        return path;
    }
}

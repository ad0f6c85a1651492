namespace Lamae.Runtime;

/// <summary>
/// Whether TorchSharp's native glue library needed the Debian 12 libstdc++ fix, and whether the copy this
/// process uses carries it (build/TorchSharpNativeFix.targets applies it at build time).
/// </summary>
/// <param name="NativeLibrary">Path of libLibTorchSharp.so next to the running program, or null if absent.</param>
/// <param name="SystemLibStdCxx">The libstdc++ the loader uses (mapped in this process, else the standard path).</param>
/// <param name="SystemNewestGlibcxx">The newest GLIBCXX_3.4.x version that libstdc++ defines.</param>
/// <param name="MissingVersions">Versions the native library asks of libstdc++ that the system lacks.</param>
/// <param name="Needed">True when <paramref name="MissingVersions"/> is not empty.</param>
/// <param name="Applied">True when every missing version is marked weak in the copy used.</param>
/// <param name="Problem">Null when loading will work; else what is wrong and what to do.</param>
public sealed record NativeFixStatus(
    string? NativeLibrary,
    string? SystemLibStdCxx,
    string? SystemNewestGlibcxx,
    IReadOnlyList<string> MissingVersions,
    bool Needed,
    bool Applied,
    string? Problem)
{
    private const string LibStdCxx = "libstdc++.so.6";
    private const string NativeName = "libLibTorchSharp.so";

    /// <summary>Inspects the native library in <paramref name="baseDirectory"/> (default: the program's folder).</summary>
    public static NativeFixStatus Probe(string? baseDirectory = null)
    {
        string dir = baseDirectory ?? AppContext.BaseDirectory;
        string? native = FindMapped(NativeName) ?? FindNative(dir);
        string? system = FindMapped(LibStdCxx) ?? ElfVersionNeeds.FindSystemLibStdCxx();
        if (!OperatingSystem.IsLinux())
        {
            return new NativeFixStatus(native, system, null, [], false, false, null);
        }

        if (native is null)
        {
            return new NativeFixStatus(null, system, null, [], false, false,
                $"{NativeName} is not next to the program ({dir}); rebuild with 'dotnet build' so the TorchSharp package is copied.");
        }

        HashSet<string> defined = system is null ? [] : ElfVersionNeeds.ReadDefinitions(File.ReadAllBytes(system));
        List<ElfVersionNeed> needs = ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(native));
        var missing = needs.Where(n => n.Library == LibStdCxx && !defined.Contains(n.Version)).ToList();
        bool applied = missing.All(n => n.Weak);
        string? newest = defined.Where(v => v.StartsWith("GLIBCXX_3.4", StringComparison.Ordinal))
            .OrderBy(v => v.Length).ThenBy(v => v, StringComparer.Ordinal).LastOrDefault();
        string? problem = applied ? null
            : $"{native} needs {string.Join(", ", missing.Where(n => !n.Weak).Select(n => n.Version))} but {system ?? "the system libstdc++"} "
              + $"stops at {newest ?? "an older version"}; rebuild with 'dotnet build' so the native fix (build/TorchSharpNativeFix.targets) patches the output copy.";
        return new NativeFixStatus(native, system, newest, missing.Select(n => n.Version).ToList(), missing.Count > 0, applied, problem);
    }

    private static string? FindNative(string dir)
    {
        string[] candidates =
        [
            Path.Combine(dir, NativeName),
            Path.Combine(dir, "runtimes", "linux-x64", "native", NativeName),
            Path.Combine(dir, "cpu", NativeName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    // The file the loader actually mapped into this process, once TorchSharp has loaded it.
    private static string? FindMapped(string fileName)
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }

        foreach (string line in File.ReadLines(maps))
        {
            int slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && line.EndsWith("/" + fileName, StringComparison.Ordinal))
            {
                return line[slash..];
            }
        }

        return null;
    }
}

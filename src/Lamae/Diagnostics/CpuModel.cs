namespace Lamae.Diagnostics;

/// <summary>The CPU's model name, recorded beside every speed figure (the machine's CPU changes from week to week).</summary>
public static class CpuModel
{
    /// <summary>"AMD EPYC 9R14 96-Core Processor", from /proc/cpuinfo; "unknown" where it cannot be read.</summary>
    public static string Name()
    {
        try
        {
            string? line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            return line is null ? "unknown" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}

using System.Globalization;

namespace Lamae.Bench;

/// <summary>This process's resident memory from /proc/self/status: the peak (VmHWM) and now (VmRSS).</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size in GB (10^9 bytes).</summary>
    public static double PeakGigabytes => Kilobytes("VmHWM") * 1024 / 1e9;

    /// <summary>Resident set size now, in GB.</summary>
    public static double CurrentGigabytes => Kilobytes("VmRSS") * 1024 / 1e9;

    private static double Kilobytes(string key) => File.ReadLines("/proc/self/status")
        .Where(l => l.StartsWith(key + ":", StringComparison.Ordinal))
        .Select(l => double.Parse(l[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
        .DefaultIfEmpty(double.NaN).First();
}

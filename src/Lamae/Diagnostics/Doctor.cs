using System.Reflection;
using System.Runtime.InteropServices;
using Lamae.Runtime;
using TorchSharp;

namespace Lamae.Diagnostics;

/// <summary>Checks that this machine can run Lamae: runtime, TorchSharp and its native fix, threads, autograd, data.</summary>
public static class Doctor
{
    /// <summary>
    /// Runs every check. <paramref name="dataPath"/> is the folder of ECG records to check (null: none);
    /// <paramref name="dataExplicit"/> says whether the user named it (then a missing folder is a problem).
    /// </summary>
    public static DoctorReport Run(string? dataPath, bool dataExplicit, int threads)
    {
        var problems = new List<string>();
        string? torchSharp = typeof(torch).Assembly.GetName().Version?.ToString();
        string? libtorch = null;
        GradientCheckResult? gradient = null;
        int threadsUsed = 0;
        try
        {
            TorchRuntime.Configure(threads);
            libtorch = torch.__version__;
            threadsUsed = TorchRuntime.Threads;
            gradient = GradientCheck.Run();
            if (!gradient.Passed)
            {
                problems.Add($"gradient check failed: autograd and finite differences differ by {gradient.MaxAbsError:G3} "
                    + $"(bound {gradient.Tolerance:G1}); the libtorch install is broken, reinstall the TorchSharp packages (dotnet restore --force).");
            }
        }
        catch (Exception ex) when (ex is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            problems.Add("TorchSharp could not load libtorch: " + Innermost(ex).Message.Split('\n')[0].Trim());
        }

        // Probed after torch loaded, so the report names the very files the loader mapped.
        NativeFixStatus fix = NativeFixStatus.Probe();
        if (fix.Problem is not null)
        {
            problems.Add(fix.Problem);
        }

        DataFolderCheck dataCheck = DataFolderCheck.Run(dataPath, dataExplicit);
        if (dataCheck.Problem is not null)
        {
            problems.Add(dataCheck.Problem);
        }

        return new DoctorReport(
            Lamae: typeof(Doctor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            DotNet: RuntimeInformation.FrameworkDescription,
            OperatingSystem: $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})",
            TorchSharp: torchSharp,
            Libtorch: libtorch,
            NativeFix: fix,
            ThreadsUsed: threadsUsed,
            ThreadsAvailable: Environment.ProcessorCount,
            Simd: SimdFeatures.Detect(),
            AutoPrecision: Runtime.PrecisionChoice.Resolve(Runtime.PrecisionChoice.Auto, TorchSharp.torch.CPU),
            GradientCheck: gradient,
            Data: dataCheck,
            Problems: problems);
    }

    private static Exception Innermost(Exception ex)
    {
        // TorchSharp's own message blames a missing package reference; the inner-most one is closer to the cause.
        Exception e = ex;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}

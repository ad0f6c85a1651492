using System.Runtime.InteropServices;
using TorchSharp;

namespace Lamae.Runtime;

/// <summary>
/// libtorch's warnings go through c10's log, whose threshold is the exported global <c>FLAGS_caffe2_log_level</c> of
/// libc10 (0 info, 1 warning, 2 error). <see cref="Quiet"/> raises it to error for one call and puts it back: for
/// calls that make libtorch warn about something Lamae does on purpose (TorchSharp's optimiser constructors read libtorch's
/// Optimizer::parameters(), which prints "will be removed in PyTorch 1.6" once per optimiser).
/// </summary>
public static class NativeWarnings
{
    private const int ErrorLevel = 2;
    private static readonly Lock Gate = new();
    private static IntPtr level;
    private static bool looked;

    /// <summary>Runs <paramref name="call"/> with libtorch's warnings off, if the flag can be found; else just runs it.</summary>
    public static T Quiet<T>(Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        IntPtr flag = Flag();
        if (flag == IntPtr.Zero)
        {
            return call();
        }

        lock (Gate)
        {
            int before = Marshal.ReadInt32(flag);
            Marshal.WriteInt32(flag, Math.Max(before, ErrorLevel));
            try
            {
                return call();
            }
            finally
            {
                Marshal.WriteInt32(flag, before);
            }
        }
    }

    private static IntPtr Flag()
    {
        lock (Gate)
        {
            if (!looked)
            {
                looked = true;
                _ = torch.get_num_threads();  // makes sure TorchSharp has loaded libtorch, and with it libc10
                string name = OperatingSystem.IsWindows() ? "c10.dll" : OperatingSystem.IsMacOS() ? "libc10.dylib" : "libc10.so";
                // Already loaded by libtorch: the plain name finds that copy (by its soname); the runtimes folder is the fallback.
                string beside = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", name);
                if ((NativeLibrary.TryLoad(name, out IntPtr library) || NativeLibrary.TryLoad(beside, out library))
                    && NativeLibrary.TryGetExport(library, "FLAGS_caffe2_log_level", out IntPtr address))
                {
                    level = address;
                }

            }

            return level;
        }
    }
}

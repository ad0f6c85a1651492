using System.Runtime.InteropServices;

namespace Lamae.Bench;

/// <summary>
/// Samples glibc's mallinfo2 every few milliseconds on a background thread and keeps the peaks of the bytes in use
/// (heap chunks in use plus mmapped chunks) and of the bytes the heap holds from the system: the gap between them at
/// the peak is fragmentation and freed memory not returned, the rest is live allocations (tensors, mostly).
/// </summary>
internal sealed class HeapSampler : IDisposable
{
    private readonly Thread thread;
    private volatile bool stop;

    public HeapSampler()
    {
        thread = new Thread(Loop) { IsBackground = true };
        thread.Start();
    }

    /// <summary>Bytes in use now (uordblks + hblkhd).</summary>
    public static double InUseNow
    {
        get
        {
            MallInfo2 m = mallinfo2();
            return (double)(m.Uordblks + m.Hblkhd);
        }
    }

    /// <summary>Peak bytes in use (uordblks + hblkhd).</summary>
    public long PeakInUse { get; private set; }

    /// <summary>Peak bytes held from the system (arena + hblkhd).</summary>
    public long PeakHeld { get; private set; }

    public void Dispose()
    {
        stop = true;
        thread.Join();
    }

    private void Loop()
    {
        while (!stop)
        {
            MallInfo2 m = mallinfo2();
            PeakInUse = Math.Max(PeakInUse, (long)(m.Uordblks + m.Hblkhd));
            PeakHeld = Math.Max(PeakHeld, (long)(m.Arena + m.Hblkhd));
            Thread.Sleep(2);
        }
    }

    [DllImport("libc")]
    private static extern MallInfo2 mallinfo2();

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }
}

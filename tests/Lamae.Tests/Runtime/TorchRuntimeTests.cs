using Lamae.Runtime;
using static TorchSharp.torch;

namespace Lamae.Tests.Runtime;

/// <summary>TorchRuntime.Configure flushes denormal floats to zero on the thread that calls it (FTZ and DAZ).</summary>
public class TorchRuntimeTests
{
    [Fact]
    public void After_configure_a_denormal_float_computes_as_zero_on_this_thread()
    {
        // Runs on a thread of its own: FTZ and DAZ belong to a thread, and the test must not change xunit's threads.
        float product = float.NaN;
        bool flushed = false;
        var thread = new Thread(() =>
        {
            TorchRuntime.Configure(1);
            flushed = TorchRuntime.DenormalsFlushed;
            using Tensor tiny = tensor(1e-39f);  // below float's smallest normal number, 1.18e-38
            product = tiny.mul(2.0f).item<float>();
        });
        thread.Start();
        thread.Join();

        Assert.True(flushed || System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != System.Runtime.InteropServices.Architecture.X64,
            "libtorch's setFlushDenormal works on every x86-64 CPU with SSE3");
        Assert.Equal(flushed ? 0f : 2e-39f, product);
    }
}

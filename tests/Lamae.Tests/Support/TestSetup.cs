using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Lamae.Runtime;

namespace Lamae.Tests.Support;

/// <summary>Process-wide test set-up: torch threads set explicitly, once, before any test runs.</summary>
internal static class TestSetup
{
    /// <summary>Tests use both cores of the CI machine; set here rather than left to libtorch's default.</summary>
    public const int TorchThreads = 2;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The test assembly's one global set-up.")]
    internal static void Initialise() => TorchRuntime.Configure(TorchThreads);
}

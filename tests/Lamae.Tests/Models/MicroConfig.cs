using Lamae.Models;

namespace Lamae.Tests.Models;

/// <summary>A model small enough that a forward and backward pass takes milliseconds on CPU.</summary>
internal static class MicroConfig
{
    /// <summary>T 200, P 20 (N 10, 8 masked, 2 visible), D 32, 2 heads, one block of each kind.</summary>
    public static ModelConfig Value => ModelConfig.Micro;
}

namespace Lamae.Common;

/// <summary>The Lamae version written into every output (cache manifest, run folder, embeddings), so a file says what made it.</summary>
public static class CodeVersion
{
    /// <summary>The library's assembly version, e.g. 0.1.0.0.</summary>
    public static string Current { get; } = typeof(CodeVersion).Assembly.GetName().Version?.ToString() ?? "unknown";
}

namespace Lamae.Evaluation;

/// <summary>A code left out of a macro average or a bootstrap, and why (for example "single class: no positive record (all 40 negative)").</summary>
public sealed record SkippedCode(string Code, string Reason);

namespace Lamae.Evaluation.Labels;

/// <summary>A code seen in the records that a label set does not keep, and why (one line).</summary>
public sealed record DroppedCode(string Code, string Reason);

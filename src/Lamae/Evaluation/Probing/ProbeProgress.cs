namespace Lamae.Evaluation.Probing;

/// <summary>Probes fitted so far, of how many, and which one runs now.</summary>
public readonly record struct ProbeProgress(int Done, int Total, string Current);

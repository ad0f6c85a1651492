namespace Lamae.Evaluation;

/// <summary>A code the probe fitted no model for, and why (for the report's list of skipped codes).</summary>
/// <param name="Code">The code's column in the labels.</param>
/// <param name="Reason">One line, e.g. "no positive among the 24 training rows".</param>
public sealed record ProbeSkippedCode(int Code, string Reason);

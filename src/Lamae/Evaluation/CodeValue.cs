namespace Lamae.Evaluation;

/// <summary>A metric's value on one code, with the class counts it was computed from.</summary>
public sealed record CodeValue(string Code, double Value, ClassCounts Counts);

namespace Lamae.Evaluation;

/// <summary>
/// A code left out, and why: of a macro average or a bootstrap ("single class: no positive record (all 40 negative)"), of
/// a label set ("3 training patients have it, fewer than the minimum 10"), or of a probe's models ("no positive among the
/// 24 training rows; predicts the training prevalence 0 for every record").
/// </summary>
public sealed record SkippedCode(string Code, string Reason);

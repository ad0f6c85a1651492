namespace Lamae.Reconstruction;

/// <summary>The least-squares map from the kept leads to one missing lead: y = sum_i Weights[i] x_i + Intercept.</summary>
/// <param name="Lead">The rebuilt lead.</param>
/// <param name="Weights">One weight per kept lead, in the set's (canonical) order.</param>
/// <param name="Intercept">The constant term.</param>
/// <param name="Records">Training ECGs that had every kept lead and this one.</param>
/// <param name="Samples">Time samples the fit summed over (every sample of those ECGs).</param>
public sealed record LeadRegression(string Lead, IReadOnlyList<double> Weights, double Intercept, int Records, long Samples);

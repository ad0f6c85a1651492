namespace Lamae.Evaluation;

/// <summary>One setting the probe tries on validation: an inverse penalty C and a class weighting.</summary>
public sealed record ProbeGridPoint(double C, ClassWeight ClassWeight)
{
    public override string ToString() => $"C={C:G4}, class weight {ClassWeight}";
}

using Lamae.Core;

namespace Lamae.Synthetic;

/// <summary>
/// The lead field from the Frank heart vector to the 8 independent leads I, II, V1-V6: the Dower transform
/// (Dower, Machado, Osborne, Clin. Cardiol. 3:87-95, 1980), coefficients (x, y, z) as published and widely
/// reproduced (shared/docs/DESIGN.md section 8). Its III row, -0.397 1.301 -0.191, is exactly II - I.
/// </summary>
public static class DowerTransform
{
    /// <summary>The independent leads, in the order of <see cref="Rows"/>.</summary>
    public static readonly IReadOnlyList<Lead> IndependentLeads = [Lead.I, Lead.II, Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5, Lead.V6];

    /// <summary>Rows (x, y, z) for I, II, V1-V6.</summary>
    public static readonly IReadOnlyList<Vec3> Rows =
    [
        new(0.632, -0.235, 0.059),    // I
        new(0.235, 1.066, -0.132),    // II
        new(-0.515, 0.157, -0.917),   // V1
        new(0.044, 0.164, -1.387),    // V2
        new(0.882, 0.098, -1.277),    // V3
        new(1.213, 0.127, -0.601),    // V4
        new(1.125, 0.127, -0.086),    // V5
        new(0.831, 0.076, 0.230),     // V6
    ];

    /// <summary>Projects a heart vector onto lead row <paramref name="row"/>.</summary>
    public static double Project(Vec3 row, Vec3 v) => (row.X * v.X) + (row.Y * v.Y) + (row.Z * v.Z);
}

namespace Lamae.Synthetic;

/// <summary>A heart-vector direction or amplitude in Frank coordinates: x right-to-left, y head-to-foot, z front-to-back (mV).</summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator *(double s, Vec3 a) => new(s * a.X, s * a.Y, s * a.Z);

    /// <summary>Length of the vector.</summary>
    public double Length => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    public static Vec3 Add(Vec3 a, Vec3 b) => a + b;

    public static Vec3 Subtract(Vec3 a, Vec3 b) => a - b;

    public static Vec3 Multiply(double s, Vec3 a) => s * a;
}

/// <summary>A 3x3 rotation, applied to heart vectors to turn the electrical axis of a simulated subject.</summary>
public readonly record struct Rotation3(Vec3 Row0, Vec3 Row1, Vec3 Row2)
{
    /// <summary>No rotation.</summary>
    public static Rotation3 Identity => new(new(1, 0, 0), new(0, 1, 0), new(0, 0, 1));

    /// <summary>Rotation by angles (radians) about the z axis (frontal-plane axis shift), then y, then x.</summary>
    public static Rotation3 FromAngles(double aboutX, double aboutY, double aboutZ)
    {
        double cx = Math.Cos(aboutX), sx = Math.Sin(aboutX), cy = Math.Cos(aboutY), sy = Math.Sin(aboutY), cz = Math.Cos(aboutZ), sz = Math.Sin(aboutZ);
        // R = Rx * Ry * Rz
        return new(
            new(cy * cz, -cy * sz, sy),
            new((sx * sy * cz) + (cx * sz), (-sx * sy * sz) + (cx * cz), -sx * cy),
            new((-cx * sy * cz) + (sx * sz), (cx * sy * sz) + (sx * cz), cx * cy));
    }

    /// <summary>The rotated vector.</summary>
    public Vec3 Apply(Vec3 v) =>
        new((Row0.X * v.X) + (Row0.Y * v.Y) + (Row0.Z * v.Z), (Row1.X * v.X) + (Row1.Y * v.Y) + (Row1.Z * v.Z), (Row2.X * v.X) + (Row2.Y * v.Y) + (Row2.Z * v.Z));
}

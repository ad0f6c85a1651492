namespace Lamae.Io.Wfdb;

/// <summary>A WFDB header or signal file that cannot be read: the message names the file, the line when known, and the problem.</summary>
public sealed class WfdbFormatException : LamaeException
{
    public WfdbFormatException()
    {
    }

    public WfdbFormatException(string message)
        : base(message)
    {
    }

    public WfdbFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the error for <paramref name="file"/> (and <paramref name="line"/>, 1-based, when known).</summary>
    public static WfdbFormatException At(string file, int? line, string problem) =>
        new(line is { } l ? $"{file}:{l}: {problem}" : $"{file}: {problem}");

    /// <summary>As <see cref="At(string, int?, string)"/>, keeping the error that caused it.</summary>
    public static WfdbFormatException At(string file, int? line, string problem, Exception inner) =>
        new(line is { } l ? $"{file}:{l}: {problem}" : $"{file}: {problem}", inner);
}

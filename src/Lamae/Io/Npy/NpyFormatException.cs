namespace Lamae.Io.Npy;

/// <summary>A .npy file that cannot be read: the message names the file and the problem, on one line.</summary>
public sealed class NpyFormatException : LamaeException
{
    public NpyFormatException()
    {
    }

    public NpyFormatException(string message)
        : base(message)
    {
    }

    public NpyFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

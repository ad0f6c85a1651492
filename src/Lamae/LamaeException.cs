namespace Lamae;

/// <summary>
/// An error the user can act on: its message is one line naming the file or option and the problem.
/// The CLI prints it without a stack trace (unless --verbose) and exits with code 2.
/// </summary>
public class LamaeException : Exception
{
    public LamaeException()
    {
    }

    public LamaeException(string message)
        : base(message)
    {
    }

    public LamaeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

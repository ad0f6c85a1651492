namespace Lamae.Cli;

/// <summary>A command-line mistake found after parsing (a value out of range, say): one line, exit code 1.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

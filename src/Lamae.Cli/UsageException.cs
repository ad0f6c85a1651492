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

    /// <summary>Runs a library check and turns the <see cref="ArgumentException"/> it throws for a bad value into a usage error.</summary>
    public static void Rethrow(Action check)
    {
        ArgumentNullException.ThrowIfNull(check);
        Rethrow(() =>
        {
            check();
            return true;
        });
    }

    /// <summary>As above for a library call that returns a value.</summary>
    public static T Rethrow<T>(Func<T> make)
    {
        ArgumentNullException.ThrowIfNull(make);
        try
        {
            return make();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }
}

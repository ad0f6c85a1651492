namespace Lamae.Cli;

/// <summary>The exit codes every lamae command uses.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command line was wrong: unknown option, bad value, missing argument.</summary>
    public const int Usage = 1;

    /// <summary>The command ran and failed: unreadable input, unhealthy machine, failed training.</summary>
    public const int Failure = 2;
}

namespace Lamae.Cache;

/// <summary>A cache that cannot be built or read as asked: missing, damaged or built with other settings. One line.</summary>
public sealed class CacheException : LamaeException
{
    public CacheException()
    {
    }

    public CacheException(string message)
        : base(message)
    {
    }

    public CacheException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace Lamae.Io.Datasets;

/// <summary>A dataset that cannot be opened or a record that cannot be read: one line naming the file (and row, column) and what is wrong.</summary>
public sealed class DatasetException : LamaeException
{
    public DatasetException()
    {
    }

    public DatasetException(string message)
        : base(message)
    {
    }

    public DatasetException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace Lamae.Common;

/// <summary>
/// Reports progress at once on the reporting thread (thread-safe), unlike <see cref="Progress{T}"/>, which posts to
/// the thread pool: a progress bar or a test wants the latest value now.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock gate = new();

    public void Report(T value)
    {
        lock (gate)
        {
            report(value);
        }
    }
}

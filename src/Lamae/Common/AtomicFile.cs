using System.Text;

namespace Lamae.Common;

/// <summary>Writes a file so that readers see either the old or the complete new one, never a torn one.</summary>
/// <remarks>
/// Every write goes to a temporary file beside the destination (".NAME.PID.GUID.tmp": hidden, unique per writer, so
/// two writers never share one and a crash leaves a name that is obviously debris), is flushed to disk, then renamed
/// over the destination (a rename within a folder is atomic on POSIX file systems). On failure the temporary file is
/// removed and the destination is untouched. The destination's folder is created when missing.
/// </remarks>
public static class AtomicFile
{
    // UTF-8 without a byte-order mark, as File.WriteAllText writes.
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Starts writing <paramref name="path"/>: write to <see cref="PendingFile.Stream"/>, then <see cref="PendingFile.Commit"/>.</summary>
    public static PendingFile Create(string path) => new(path);

    /// <summary>Writes through <paramref name="write"/>, then renames the flushed file over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using PendingFile file = Create(path);
        write(file.Stream);
        file.Commit();
    }

    /// <summary>Writes <paramref name="bytes"/> as the whole of <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using PendingFile file = Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>Writes <paramref name="text"/> as the whole of <paramref name="path"/>, in UTF-8 without a byte-order mark unless <paramref name="encoding"/> says otherwise.</summary>
    public static void WriteAllText(string path, string text, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, (encoding ?? Utf8).GetBytes(text));
    }

    /// <summary>Writes text through <paramref name="write"/> (UTF-8 without a byte-order mark), then renames the file over <paramref name="path"/>.</summary>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8, leaveOpen: true);
            write(writer);
        });
    }
}

/// <summary>A file being written under a temporary name: <see cref="Commit"/> puts it in place; disposing it uncommitted removes it.</summary>
public sealed class PendingFile : IDisposable
{
    // Enough to turn a checkpoint's many small writes into few system calls; below the large-object heap's 85 kB, so
    // writing thousands of small files (a simulated dataset) allocates nothing large. Larger writes bypass the buffer.
    private const int BufferBytes = 1 << 16;

    private readonly string destination;
    private readonly string temporary;
    private readonly FileStream stream;
    private bool committed;

    internal PendingFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        destination = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(destination) ?? ".";
        Directory.CreateDirectory(folder);
        temporary = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes);
    }

    /// <summary>Where the content goes until <see cref="Commit"/>.</summary>
    public Stream Stream => stream;

    /// <summary>Flushes the content to disk and renames the file over the destination.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(committed, this);
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        File.Move(temporary, destination, overwrite: true);
        committed = true;
    }

    /// <summary>Removes the temporary file unless it was committed.</summary>
    public void Dispose()
    {
        stream.Dispose();
        if (!committed)
        {
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray temporary file is harmless; the original exception matters.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

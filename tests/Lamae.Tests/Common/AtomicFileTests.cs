using System.Text;
using Lamae.Common;
using Lamae.Tests.Support;

namespace Lamae.Tests.Common;

public class AtomicFileTests
{
    [Fact]
    public void Each_overload_replaces_the_whole_file_and_leaves_no_temporary_file()
    {
        using TempFolder dir = Fixtures.Temp();
        string path = Path.Combine(dir.Path, "sub", "f.txt");

        AtomicFile.WriteAllText(path, "a much longer first version");
        AtomicFile.WriteAllText(path, "é");   // shorter: a rename, not an overwrite in place, so nothing of the first stays
        Assert.Equal([0xC3, 0xA9], File.ReadAllBytes(path));   // UTF-8 without a byte-order mark, as File.WriteAllText

        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));

        AtomicFile.WriteText(path, w => w.Write("x,y\n1,2\n"));
        Assert.Equal("x,y\n1,2\n", File.ReadAllText(path, Encoding.UTF8));

        AtomicFile.WriteAllText(path, "ABC", Encoding.ASCII);
        Assert.Equal("ABC"u8.ToArray(), File.ReadAllBytes(path));

        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_write_that_fails_or_is_never_committed_keeps_the_old_file_and_removes_its_temporary_file()
    {
        using TempFolder dir = Fixtures.Temp();
        string path = Path.Combine(dir.Path, "f.bin");
        AtomicFile.WriteAllBytes(path, [7, 7]);

        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteText(path, w =>
        {
            w.Write(new string('z', 100_000));
            throw new InvalidOperationException("disk full");
        }));
        using (PendingFile pending = AtomicFile.Create(path))
        {
            pending.Stream.Write(new byte[1000]);
            Assert.Single(Directory.GetFiles(dir.Path, "*.tmp"));   // the content is written beside the destination...
            Assert.Equal([7, 7], File.ReadAllBytes(path));        // ...and the destination is untouched until Commit
        }

        Assert.Equal([7, 7], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Writers_of_one_file_in_parallel_never_share_a_temporary_file_and_the_result_is_one_whole_version()
    {
        using TempFolder dir = Fixtures.Temp();
        string path = Path.Combine(dir.Path, "f.bin");

        Parallel.For(0, 16, i => AtomicFile.WriteAllBytes(path, Enumerable.Repeat((byte)i, 10_000 + i).ToArray()));

        byte[] result = File.ReadAllBytes(path);
        Assert.Equal(10_000 + result[0], result.Length);
        Assert.All(result, b => Assert.Equal(result[0], b));
        Assert.Equal([path], Directory.GetFiles(dir.Path));
    }
}

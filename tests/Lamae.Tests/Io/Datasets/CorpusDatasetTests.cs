using Lamae.Io.Datasets;
using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

/// <summary>A corpus of several datasets: prefixed ids, per-source fold rules, the same file taken once, and one line for a bad corpus.json.</summary>
public sealed class CorpusDatasetTests : IDisposable
{
    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    private string Write(string json)
    {
        string path = Path.Combine(temp.Path, CorpusSpec.FileName);
        File.WriteAllText(path, json);
        return path;
    }

    internal static string Sources(params (string Name, string Kind, string Folder)[] sources) =>
        "{\"sources\": [" + string.Join(", ", sources.Select(s => $"{{\"name\": \"{s.Name}\", \"dataset\": \"{s.Kind}\", \"root\": \"{Fixtures.Path(s.Folder).Replace("\\", "/", StringComparison.Ordinal)}\"}}")) + "]}";

    [Fact]
    public void Records_of_every_source_come_with_their_source_in_the_id_and_keep_their_own_kind()
    {
        string path = Write(Sources(("ptbxl", "ptbxl", "ptbxl"), ("ludb", "folder", "ludb")));

        var corpus = (CorpusDataset)DatasetLoader.Open(DatasetLoader.Detect(path), path);

        EcgRecordInfo ptbxl = Assert.Single(corpus.Records, r => r.RecordId == "ptbxl/1");
        Assert.Equal("ptbxl/15709", ptbxl.SubjectId);
        Assert.Equal(DatasetKinds.PtbXl, corpus.KindOf(ptbxl));
        Assert.All(corpus.Records.Where(r => r.RecordId.StartsWith("ludb/", StringComparison.Ordinal)), r => Assert.Equal(DatasetKinds.Folder, corpus.KindOf(r)));
        Assert.Equal(["ptbxl", "ludb"], corpus.Sources.Select(s => s.Name));
        Assert.Equal(12, corpus.Read(ptbxl).PresentLeads.Count());
    }

    [Fact]
    public void A_file_listed_by_two_sources_is_read_once_and_the_second_says_why()
    {
        string path = Write(Sources(("a", "ptbxl", "ptbxl"), ("b", "ptbxl", "ptbxl")));

        CorpusDataset corpus = CorpusDataset.Open(path);

        Assert.Equal(1, corpus.Sources[0].Records);
        CorpusExclusion again = Assert.Single(corpus.Sources[1].Excluded);
        Assert.Equal("b/1", again.RecordId);
        Assert.Contains("the same file as a/1", again.Reason, StringComparison.Ordinal);
        var ex = Assert.Throws<DatasetException>(() => corpus.Read(corpus.Records.Single(r => r.RecordId == "b/1")));
        Assert.Contains("the same file as a/1", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "non-empty \"sources\"")]
    [InlineData("{\"sources\": []}", "non-empty \"sources\"")]
    [InlineData("{\"sources\": [{\"name\": \"a b\", \"dataset\": \"ptbxl\", \"root\": \"x\"}]}", "may hold only letters")]
    [InlineData("{\"sources\": [{\"name\": \"a\", \"dataset\": \"synthetic\", \"root\": \"x\"}]}", "cannot be a corpus source")]
    [InlineData("{\"sources\": [{\"name\": \"a\", \"dataset\": \"wfdb2\", \"root\": \"x\"}]}", "unknown dataset kind")]
    [InlineData("{\"sources\": [{\"name\": \"a\", \"dataset\": \"ptbxl\"}]}", "\"root\" is missing")]
    [InlineData("{\"sources\": [{\"name\": \"a\", \"dataset\": \"npy\", \"root\": \"x\", \"unit\": \"volts\"}]}", "not mV or standardised")]
    [InlineData("{\"sources\": [", "not JSON")]
    public void A_bad_corpus_file_is_one_line_naming_it(string json, string says)
    {
        string path = Write(json);

        var ex = Assert.Throws<DatasetException>(() => CorpusSpec.Read(path));

        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Two_sources_with_one_name_and_a_missing_source_folder_are_refused()
    {
        string twice = Write(Sources(("a", "ptbxl", "ptbxl"), ("A", "folder", "ludb")));
        Assert.Contains("used twice", Assert.Throws<DatasetException>(() => CorpusSpec.Read(twice)).Message, StringComparison.Ordinal);

        string missing = Write("{\"sources\": [{\"name\": \"a\", \"dataset\": \"ptbxl\", \"root\": \"nowhere\"}]}");
        var ex = Assert.Throws<DatasetException>(() => CorpusDataset.Open(missing));
        Assert.Contains("source a", ex.Message, StringComparison.Ordinal);
    }
}

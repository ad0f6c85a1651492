using Lamae.Core;
using Lamae.Io.Datasets;

using Lamae.Tests.Support;

namespace Lamae.Tests.Io.Datasets;

public sealed class FolderDatasetTests
{
    private static readonly FolderLabels LudbLabels = new(Fixtures.Path("ludb", "ludb.csv"), "ID", ["Rhythms", "Hypertrophies"])
    {
        AgeColumn = "Age",
        SexColumn = "Sex",
    };

    [Fact]
    public void Ludb_labels_come_from_quoted_multi_line_csv_fields()
    {
        var ds = FolderDataset.Open(Fixtures.Path("ludb", "data"), LudbLabels);
        EcgRecordInfo first = ds.Records.Single(r => r.RecordId == "1");

        Assert.Equal(["Sinus bradycardia", "Left ventricular overload", "Left ventricular hypertrophy"], first.Labels);
        Assert.Equal(Sex.Female, first.Sex);   // the cell is "F\n"
        Assert.Equal(51, first.Age);           // the cell is "51\n"
        Assert.Equal("ludb.csv row 2", first.ListedIn);
        Assert.Empty(ds.UnlistedInLabels);
        Assert.Equal(Sex.Female, ds.Read(first).Metadata.Sex);
    }

    [Fact]
    public void Without_labels_header_comments_give_age_and_sex()
    {
        var ds = FolderDataset.Open(Fixtures.Path("ludb", "data"));
        EcgRecordInfo first = ds.Records.Single(r => r.RecordId == "1");

        Assert.Empty(first.Labels);
        Assert.Equal(51, first.Age);
        Assert.Equal(Sex.Female, first.Sex);
    }

    [Fact]
    public void A_label_table_without_the_id_column_names_it()
    {
        var bad = LudbLabels with { IdColumn = "record" };

        var ex = Assert.Throws<DatasetException>(() => FolderDataset.Open(Fixtures.Path("ludb", "data"), bad));

        Assert.Contains("'record'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ludb.csv", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_only_record_is_found_by_validation_and_its_read_names_the_missing_file()
    {
        string dir = Directory.CreateTempSubdirectory("lamae-folder-").FullName;
        try
        {
            foreach (string f in Directory.GetFiles(Fixtures.Path("ludb", "data"), "1.*"))
            {
                File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            }

            File.Copy(Fixtures.Path("ludb", "data", "2.hea"), Path.Combine(dir, "2.hea"));
            var ds = FolderDataset.Open(dir);

            DatasetProblem p = Assert.Single(DatasetValidation.Validate(ds));
            var ex = Assert.ThrowsAny<LamaeException>(() => ds.Read(ds.Records.Single(r => r.RecordId == "2")));

            Assert.Equal("2", p.Record.RecordId);
            Assert.EndsWith("2.dat", p.File, StringComparison.Ordinal);
            Assert.Contains("2.dat", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

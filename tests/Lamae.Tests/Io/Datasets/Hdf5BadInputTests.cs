using Lamae.Io.Datasets;
using Lamae.Tests.Support;
using PureHDF;

namespace Lamae.Tests.Io.Datasets;

/// <summary>Bad HDF5 input of either layout: one line naming the file and what is wrong, never a PureHDF stack trace.</summary>
public sealed class Hdf5BadInputTests : IDisposable
{
    private readonly TempFolder dir = Fixtures.Temp();

    public void Dispose() => dir.Dispose();

    // An SPH folder holding one record file, SPH00001.h5, written by `write`, with SPH00001's metadata row.
    private string SphRecord(Action<string> write)
    {
        string path = Path.Combine(dir.Path, "SPH00001.h5");
        write(path);
        File.WriteAllLines(Path.Combine(dir.Path, "metadata.csv"), File.ReadLines(Fixtures.Path("sph", "metadata.csv")).Take(2));
        return path;
    }

    private static DatasetException ReadFails(IEcgDataset ds, int record = 0)
    {
        var ex = Assert.Throws<DatasetException>(() => ds.Read(ds.Records[record]));
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    [Fact]
    public void A_file_that_is_not_hdf5()
    {
        string path = SphRecord(p => File.WriteAllText(p, "ECG_ID,N\nSPH00001,5000\n"));

        DatasetException ex = ReadFails(SphDataset.Open(dir.Path));

        Assert.StartsWith($"hdf5 record SPH00001 (metadata.csv row 2): {path}: not an HDF5 file (", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file()
    {
        byte[] bytes = File.ReadAllBytes(Fixtures.Path("sph", "SPH00001.h5"));
        string path = SphRecord(p => File.WriteAllBytes(p, bytes[..(bytes.Length / 2)]));

        DatasetException ex = ReadFails(SphDataset.Open(dir.Path));

        Assert.Contains($"{path}: truncated: the file ends before the data its HDF5 structures point to (PureHDF: The file is too small)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_the_ecg_dataset()
    {
        string path = SphRecord(p => new H5File { ["signal"] = new float[12, 10] }.Write(p));

        DatasetException ex = ReadFails(SphDataset.Open(dir.Path));

        Assert.EndsWith($"{path}: no dataset 'ecg' (the file holds 'signal'); it should be an SPH record: an HDF5 file holding a dataset 'ecg' [12, samples] of mV (leads I, II, III, aVR, aVL, aVF, V1-V6)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ecg_of_the_wrong_shape()
    {
        string path = SphRecord(p => new H5File { ["ecg"] = new float[5000, 12] }.Write(p));
        var ds = SphDataset.Open(dir.Path);

        DatasetException ex = ReadFails(ds);

        Assert.EndsWith($"{path}: dataset 'ecg': shape [5000, 12]; SPH stores [12, samples] (leads I, II, III, aVR, aVL, aVF, V1-V6)", ex.Message, StringComparison.Ordinal);
        DatasetProblem problem = Assert.Single(Hdf5Summary.Of(ds).Problems);
        Assert.Equal(path, problem.File);
        Assert.Equal("dataset 'ecg': shape [5000, 12]; SPH stores [12, samples] (leads I, II, III, aVR, aVL, aVF, V1-V6)", problem.Problem);
    }

    [Fact]
    public void An_ecg_of_an_unsupported_element_type()
    {
        string path = SphRecord(p => new H5File { ["ecg"] = new short[12, 100] }.Write(p));

        DatasetException ex = ReadFails(SphDataset.Open(dir.Path));

        Assert.EndsWith($"{path}: dataset 'ecg': element type int16 is not supported; SPH stores mV as floating point (float16)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metadata_row_without_its_file_is_listed_and_fails_naming_the_file()
    {
        File.Copy(Fixtures.Path("sph", "SPH00004.h5"), Path.Combine(dir.Path, "SPH00004.h5"));
        File.Copy(Fixtures.Path("sph", "metadata.csv"), Path.Combine(dir.Path, "metadata.csv"));
        var ds = SphDataset.Open(dir.Path);

        DatasetException ex = ReadFails(ds);

        string missing = Path.Combine(dir.Path, "SPH00001.h5");
        Assert.StartsWith($"hdf5 record SPH00001 (metadata.csv row 2): {missing}: file not found", ex.Message, StringComparison.Ordinal);
        Assert.Equal(5000, ds.Read(ds.Records[1]).Length);
        Assert.Equal(missing, Assert.Single(Hdf5Summary.Of(ds).Problems).File);
    }

    [Fact]
    public void A_metadata_row_listed_twice_or_with_a_bad_rate()
    {
        File.WriteAllText(Path.Combine(dir.Path, "metadata.csv"), "ECG_ID,Patient_ID,fs,SNOMEDCTCode\nA1,P,500,1\nA1.h5,P,500,2\n");
        var twice = Assert.Throws<DatasetException>(() => SphDataset.Open(dir.Path));
        Assert.Equal($"{Path.Combine(dir.Path, "metadata.csv")}: row 3, column 'ECG_ID': record A1 is listed twice (first at row 2)", twice.Message);

        File.WriteAllText(Path.Combine(dir.Path, "metadata.csv"), "ECG_ID,Patient_ID,fs,SNOMEDCTCode\nA1,P,fast,1\n");
        var rate = Assert.Throws<DatasetException>(() => SphDataset.Open(dir.Path));
        Assert.Equal($"{Path.Combine(dir.Path, "metadata.csv")}: row 2, column 'fs': 'fast' is not a number", rate.Message);
    }

    [Fact]
    public void A_folder_of_neither_layout()
    {
        File.WriteAllText(Path.Combine(dir.Path, "notes.txt"), "nothing here");

        var ex = Assert.Throws<DatasetException>(() => DatasetLoader.Open(DatasetKind.Hdf5, dir.Path));

        Assert.Equal($"{dir.Path}: neither an SPH folder (.h5 files with metadata.csv) nor a CODE-15% folder (exams.csv with exams_part*.hdf5 files)", ex.Message);
    }

    [Fact]
    public void An_exam_not_in_the_part_its_row_names_is_listed_and_fails_naming_both_files()
    {
        Code15Fixture.Write(dir.Path, [.. Code15Fixture.Rows, "999,50,True,50,False,False,False,False,False,False,9004,False,1,False,exams_part1.hdf5"]);
        var ds = Code15Dataset.Open(dir.Path);

        DatasetException ex = ReadFails(ds, 3);

        string part = Path.Combine(dir.Path, "exams_part1.hdf5");
        Assert.Equal($"hdf5 record 999 (exams.csv row 6): {part}: exam 999 is not in its 'exam_id' dataset, though exams.csv row 6 names this file (trace_file)", ex.Message);
        DatasetProblem problem = Assert.Single(Hdf5Summary.Of(ds).Problems);
        Assert.Equal(part, problem.File);
        Assert.Equal("999", problem.Record.RecordId);
    }

    [Fact]
    public void An_exam_in_no_part_when_exams_csv_has_no_trace_file()
    {
        Code15Fixture.Write(dir.Path, []);
        File.WriteAllLines(Path.Combine(dir.Path, "exams.csv"), ["exam_id,1dAVb,RBBB,LBBB,SB,ST,AF,patient_id", "101,0,0,0,0,0,0,1", "555,0,0,0,0,0,0,2"]);
        var ds = Code15Dataset.Open(dir.Path);

        DatasetException ex = ReadFails(ds, 1);

        Assert.Equal($"hdf5 record 555 (exams.csv row 3): {Path.Combine(dir.Path, "exams.csv")}: exam 555 (exams.csv row 3) is in none of the 2 HDF5 files (exams_part0.hdf5, exams_part1.hdf5)", ex.Message);
        Assert.Equal(4000, ds.Read(ds.Records[0]).Length);
    }

    [Fact]
    public void A_part_without_tracings_or_with_the_wrong_shape_or_truncated_stops_the_open_naming_it()
    {
        Code15Fixture.Write(dir.Path);
        string part = Path.Combine(dir.Path, "exams_part1.hdf5");

        new H5File { ["exam_id"] = new long[] { 201, 0 } }.Write(part);
        var none = Assert.Throws<DatasetException>(() => Code15Dataset.Open(dir.Path));
        Assert.StartsWith($"{part}: no dataset 'tracings' (the file holds 'exam_id'); it should be a CODE-15% part", none.Message, StringComparison.Ordinal);

        new H5File { ["tracings"] = new float[2, 4096, 8], ["exam_id"] = new long[] { 201, 0 } }.Write(part);
        var shape = Assert.Throws<DatasetException>(() => Code15Dataset.Open(dir.Path));
        Assert.Equal($"{part}: dataset 'tracings': shape [2, 4096, 8]; CODE-15% stores [exams, samples, 12] (leads I, II, III, aVR, aVL, aVF, V1-V6)", shape.Message);

        new H5File { ["tracings"] = new float[3, 4096, 12], ["exam_id"] = new long[] { 201, 0 } }.Write(part);
        var count = Assert.Throws<DatasetException>(() => Code15Dataset.Open(dir.Path));
        Assert.Equal($"{part}: dataset 'tracings': 3 tracings but 2 exam ids in 'exam_id'", count.Message);

        new H5File { ["tracings"] = new int[2, 4096, 12], ["exam_id"] = new long[] { 201, 0 } }.Write(part);
        var type = Assert.Throws<DatasetException>(() => Code15Dataset.Open(dir.Path));
        Assert.Equal($"{part}: dataset 'tracings': element type int32 is not supported; CODE-15% stores mV as floating point (float32)", type.Message);

        Code15Fixture.WritePart(part, [201, 0]);
        byte[] bytes = File.ReadAllBytes(part);
        File.WriteAllBytes(part, bytes[..(bytes.Length - 1000)]);
        var truncated = Assert.Throws<DatasetException>(() => Code15Dataset.Open(dir.Path));
        Assert.StartsWith($"{part}: truncated: the file ends before the data its HDF5 structures point to (PureHDF: The file is too small)", truncated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_diagnosis_cell_that_is_not_a_boolean_and_an_exam_listed_twice()
    {
        Code15Fixture.Write(dir.Path, ["101,57,True,60,False,maybe,False,False,False,False,9001,False,1,False,exams_part0.hdf5"]);
        var flag = Assert.Throws<DatasetException>(() => Code15Dataset.Open(dir.Path));
        Assert.Equal($"{Path.Combine(dir.Path, "exams.csv")}: row 2, column 'RBBB': 'maybe' is not a boolean (True/False or 1/0)", flag.Message);

        Code15Fixture.Write(dir.Path, [Code15Fixture.Rows[0], Code15Fixture.Rows[0]]);
        var twice = Assert.Throws<DatasetException>(() => Code15Dataset.Open(dir.Path));
        Assert.Equal($"{Path.Combine(dir.Path, "exams.csv")}: row 3, column 'exam_id': exam 101 is listed twice (first at row 2)", twice.Message);
    }
}

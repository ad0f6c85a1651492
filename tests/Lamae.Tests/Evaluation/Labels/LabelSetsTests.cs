using Lamae.Evaluation;
using Lamae.Evaluation.Labels;
using Lamae.Tests.Support;

namespace Lamae.Tests.Evaluation.Labels;

/// <summary>The label sets over embedded records: ICD-10 conventions, choices on training patients only, the PTB-XL and CinC tables, refusals.</summary>
public sealed class LabelSetsTests : IDisposable
{
    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    private static EmbeddedRecord R(string id, string patient, string split, params string[] labels) =>
        new(id, patient, split switch { "train" => 0, "validation" => 18, _ => 19 }, split, labels);

    [Fact]
    public void Icd10_truncates_strips_X_adds_ancestors_and_keeps_codes_of_enough_training_patients()
    {
        EmbeddedRecord[] records =
        [
            R("a", "p1", "train", "I2109XX"),                    // truncated to I2109: I2109, I210, I21
            R("b", "p2", "train", "I2119"),                      // I2119, I211, I21
            R("c", "p3", "train", "I2109", "E87510", "R00X"),    // E87510 truncated to E8751; R00X stripped to R00
            R("d", "p3", "train", "I2109"),                      // same patient again: counted once
            R("e", "p4", "test", "I2119", "Z999"),               // test records never choose codes
        ];

        LabelSet set = LabelSets.Build(LabelSets.Icd10, records, "mimic", null, new LabelSetOptions { MinPatients = 2 });

        // I2109: patients p1, p3 (2); I21: p1, p2, p3 (3); I2119: p2 only (1); E875: p3 only (1).
        Assert.Equal(["I21", "I2109"], set.Codes);
        Assert.Equal([3, 2], set.TrainingPatients);
        Assert.Equal([true, true, true, true, true], set.Labels[0]);
        Assert.Equal([true, false, true, true, false], set.Labels[1]);
        SkippedCode i210 = Assert.Single(set.Dropped, d => d.Code == "I210");
        Assert.Contains("same training records as I2109", i210.Reason);
        Assert.Contains(set.Dropped, d => d.Code == "I2119" && d.Reason.Contains("1 training patients", StringComparison.Ordinal));
        Assert.Contains(set.Dropped, d => d.Code == "Z999" && d.Reason.Contains("0 training patients", StringComparison.Ordinal));
        Assert.Equal(["E87", "E875", "E8751", "I210", "I211", "I2119", "R00", "Z99", "Z999"], set.Dropped.Select(d => d.Code));
    }

    [Fact]
    public void Synthetic_codes_take_the_same_path_and_an_ancestor_that_joins_two_codes_is_kept()
    {
        EmbeddedRecord[] records =
        [
            R("a", "p1", "train", "R000"), R("b", "p2", "train", "R001"), R("c", "p3", "train", "R000"), R("d", "p4", "train", "R001"), R("e", "p5", "train"),
        ];

        LabelSet set = LabelSets.Build(LabelSets.Icd10, records, "synthetic", string.Empty, new LabelSetOptions { MinPatients = 2 });

        Assert.Equal(["R00", "R000", "R001"], set.Codes);
        Assert.Empty(set.Dropped);
    }

    [Fact]
    public void A_set_without_a_usable_code_is_one_clear_error()
    {
        EmbeddedRecord[] records = [R("a", "p1", "train", "I2109"), R("b", "p2", "test", "I2109")];

        var ex = Assert.Throws<LamaeException>(() => LabelSets.Build(LabelSets.Icd10, records, "synthetic", null));

        Assert.Contains("no usable code", ex.Message);
        Assert.Contains("--min-patients", ex.Message);
    }

    [Fact]
    public void Icd10_on_a_ptbxl_cache_and_ptbxl_without_its_table_are_refused()
    {
        EmbeddedRecord[] records = [R("a", "p1", "train", "NORM")];

        Assert.Contains("ptbxl-*", Assert.Throws<LamaeException>(() => LabelSets.Build(LabelSets.Icd10, records, "ptbxl", "/nowhere")).Message);
        Assert.Contains("not found", Assert.Throws<LamaeException>(() => LabelSets.Build("ptbxl-superdiagnostic", records, "ptbxl", temp.Path)).Message);
        Assert.Contains("--label-table", Assert.Throws<LamaeException>(() => LabelSets.Build(LabelSets.Cinc, records, "synthetic", null)).Message);
        Assert.Contains("unknown label set", Assert.Throws<LamaeException>(() => LabelSets.Build("icd9", records, "mimic", null)).Message);
    }

    [Fact]
    public void Ptbxl_tasks_map_statements_as_the_benchmark_does()
    {
        File.WriteAllText(Path.Combine(temp.Path, "scp_statements.csv"),
            ",description,diagnostic,form,rhythm,diagnostic_class,diagnostic_subclass\n"
            + "NORM,normal ECG,1.0,,,NORM,NORM\n"
            + "IMI,inferior myocardial infarction,1.0,,,MI,IMI\n"
            + "SR,sinus rhythm,,,1.0,,\n"
            + "NDT,non-diagnostic T abnormalities,1.0,1.0,,STTC,STTC\n");
        EmbeddedRecord[] records =
        [
            R("a", "p1", "train", "NORM", "SR"), R("b", "p2", "train", "IMI", "SR"), R("c", "p3", "train", "NDT"), R("d", "p4", "test", "NORM"),
        ];
        var options = new LabelSetOptions { MinPatients = 1 };

        LabelSet super = LabelSets.Build("ptbxl-superdiagnostic", records, "ptbxl", temp.Path, options);
        LabelSet rhythm = LabelSets.Build("ptbxl-rhythm", records, "ptbxl", temp.Path, options);
        LabelSet form = LabelSets.Build("ptbxl-form", records, "ptbxl", temp.Path, options);

        Assert.Equal(["MI", "NORM", "STTC"], super.Codes);
        Assert.Equal([true, false, false, true], super.Labels[1]);
        Assert.Equal(["SR"], rhythm.Codes);
        Assert.Equal(["NDT"], form.Codes);
    }

    [Fact]
    public void Cinc_maps_snomed_codes_to_scored_classes_with_equivalents_merged()
    {
        string weights = Path.Combine(temp.Path, "weights.csv");
        File.WriteAllText(weights, ",164889003,713427006|59118001\n164889003,1,0\n713427006|59118001,0,1\n");
        EmbeddedRecord[] records = [R("a", "p1", "train", "59118001"), R("b", "p2", "train", "713427006", "999"), R("c", "p3", "train", "164889003")];

        LabelSet set = LabelSets.Build(LabelSets.Cinc, records, "cinc", null, new LabelSetOptions { MinPatients = 1, Table = weights });

        Assert.Equal(["713427006|59118001", "164889003"], set.Codes);
        Assert.Equal([true, true, false], set.Labels[0]);
    }

    [Fact]
    public void Labels_of_chosen_rows_come_in_that_order()
    {
        EmbeddedRecord[] records = [R("a", "p1", "train", "R000"), R("b", "p2", "train"), R("c", "p3", "train", "R000")];
        LabelSet set = LabelSets.Build(LabelSets.Icd10, records, "synthetic", null, new LabelSetOptions { MinPatients = 1 });

        CodeLabels picked = set.Of([2, 1]);

        Assert.Equal(["R000"], picked.Codes);
        Assert.Equal([true, false], picked.Labels[0]);
    }
}

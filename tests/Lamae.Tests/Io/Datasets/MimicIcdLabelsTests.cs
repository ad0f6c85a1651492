using Lamae.Io.Datasets;

namespace Lamae.Tests.Io.Datasets;

/// <summary>Expected values worked out by hand from AI4HealthUOL/ECG-MIMIC src/mimic_ecg_preprocessing.py (see docs/datasets.md).</summary>
public sealed class MimicIcdLabelsTests
{
    // codes per ECG and its strat_fold: 0-17 train, 18 validation, 19 test
    private static readonly IReadOnlyList<string>[] Codes =
    [
        ["I2109", "E785"],
        ["I10"],
        ["I214", "T360X1A"],
        ["I10", "I2109 "],
        ["I21"],
        ["I2510"],
    ];

    private static readonly int?[] Folds = [0, 1, 2, 18, 19, 17];

    [Theory]
    [InlineData("T360X1A", 5, "T360")]      // truncated to T360X, then the placeholder X goes
    [InlineData("T360X1A", null, "T360X1A")]
    [InlineData("I2109", 3, "I21")]
    [InlineData(" I10 ", 5, "I10")]
    [InlineData("Z00XX", 5, "Z00")]
    public void Truncation_keeps_at_most_digits_characters_and_drops_trailing_placeholders(string code, int? digits, string expected) =>
        Assert.Equal(expected, MimicIcdLabels.Truncate(code, digits));

    [Fact]
    public void Ancestors_stop_at_the_three_character_category()
    {
        Assert.Equal(["I21", "I210", "I2109"], MimicIcdLabels.WithAncestors("I2109"));
        Assert.Equal(["I10"], MimicIcdLabels.WithAncestors("I10"));
        Assert.Empty(MimicIcdLabels.WithAncestors("I1"));
    }

    [Fact]
    public void Training_fold_counts_choose_the_codes()
    {
        MimicLabelSet s = MimicIcdLabels.Prepare(Codes, Folds, new MimicLabelOptions { MinCount = 2 });

        // Training rows 0, 1, 2, 5: only I21 (rows 0 and 2, as an ancestor of I2109 and I214) reaches 2.
        Assert.Equal(["I21"], s.Codes);
        Assert.Equal([2], s.Counts);
        Assert.Equal([["I21"], [], ["I21"], ["I21"], ["I21"], []], s.Labels);
    }

    [Fact]
    public void Counting_every_row_reproduces_the_published_code()
    {
        MimicLabelSet s = MimicIcdLabels.Prepare(Codes, Folds, new MimicLabelOptions { MinCount = 2, CountTrainingFoldsOnly = false });

        Assert.Equal(["I21", "I10", "I210", "I2109"], s.Codes);
        Assert.Equal([4, 2, 2, 2], s.Counts);
        Assert.Equal(["I10", "I21", "I210", "I2109"], s.Labels[3]);
        Assert.Equal(["I21", "I210", "I2109"], s.Labels[0]);
    }

    [Fact]
    public void Without_all_ancestors_only_ancestors_that_occur_as_codes_are_added()
    {
        MimicLabelSet s = MimicIcdLabels.Prepare(Codes, Folds, new MimicLabelOptions { MinCount = 1, AllAncestors = false, CountTrainingFoldsOnly = false });

        Assert.Equal(["E785", "I21", "I2109"], s.Labels[0]);       // I21 occurs (row 4); I210 and E78 do not
        Assert.Equal(["I21", "I214", "T360"], s.Labels[2]);
        Assert.Equal(["I2510"], s.Labels[5]);
    }

    [Fact]
    public void Records_of_the_mimic_fixture_prepare_the_same_way()
    {
        string dir = Directory.CreateTempSubdirectory("lamae-mimic-labels-").FullName;
        try
        {
            _ = new MimicFixture(dir);
            MimicLabelSet s = MimicIcdLabels.Prepare(MimicEcgDataset.Open(dir).Records, new MimicLabelOptions { MinCount = 1 });

            // training rows (fold 0): I2109+E785, I10, none -> I21 I210 I2109 E78 E785 I10, one each
            Assert.Equal(["E78", "E785", "I10", "I21", "I210", "I2109"], s.Codes);
            Assert.Equal(["I10"], s.Labels[3]);   // I4891 and T360X1A (validation fold) were not counted, so not kept
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

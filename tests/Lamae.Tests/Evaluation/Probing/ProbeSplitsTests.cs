using Lamae.Evaluation;
using Lamae.Evaluation.Probing;

namespace Lamae.Tests.Evaluation.Probing;

/// <summary>The probe's protocols keep every patient in one part; label fractions are by patient, nested and seeded.</summary>
public sealed class ProbeSplitsTests
{
    // 60 patients with 1-3 records each over 20 MIMIC-like folds: 0-17 train, 18 validation, 19 test.
    private static readonly EmbeddedRecord[] Records = Enumerable.Range(0, 60).SelectMany(p => Enumerable.Range(0, 1 + (p % 3)).Select(k =>
    {
        int fold = (p * 7) % 20;
        return new EmbeddedRecord($"r{p}-{k}", $"p{p}", fold, fold <= 17 ? "train" : fold == 18 ? "validation" : "test", []);
    })).ToArray();

    public static TheoryData<string, int> Protocols => new() { { "folds", 0 }, { "cv", 3 }, { "cv", 5 }, { "cv", 20 } };

    [Theory]
    [MemberData(nameof(Protocols))]
    public void No_patient_is_in_two_parts_of_any_split(string protocol, int cvParts)
    {
        IReadOnlyList<ProbePart> parts = ProbeSplits.Of(Records, protocol == "cv" ? ProbeProtocol.Cv : ProbeProtocol.Folds, cvParts);

        foreach (ProbePart part in parts)
        {
            string[][] sides = [Patients(part.Train), Patients(part.Validation), Patients(part.Test)];
            Assert.Empty(sides[0].Intersect(sides[1]));
            Assert.Empty(sides[0].Intersect(sides[2]));
            Assert.Empty(sides[1].Intersect(sides[2]));
        }

        if (protocol == "cv")
        {
            // Every record is predicted exactly once.
            Assert.Equal(Enumerable.Range(0, Records.Length), parts.SelectMany(p => p.Test).Order());
            Assert.Equal(cvParts, parts.Count);
        }
        else
        {
            Assert.All(parts[0].Test, r => Assert.Equal("test", Records[r].Split));
        }
    }

    [Fact]
    public void A_patient_in_two_folds_is_refused_with_the_records_named()
    {
        EmbeddedRecord[] records = [.. Records, new EmbeddedRecord("stray", "p0", 19, "test", [])];

        var ex = Assert.Throws<LamaeException>(() => ProbeSplits.Of(records, ProbeProtocol.Folds));

        Assert.Contains("patient p0", ex.Message);
        Assert.Contains("stray", ex.Message);
    }

    [Fact]
    public void Too_many_cv_parts_and_a_cache_without_test_split_are_clear_errors()
    {
        Assert.Contains("only 20", Assert.Throws<LamaeException>(() => ProbeSplits.Of(Records, ProbeProtocol.Cv, 21)).Message);
        EmbeddedRecord[] noTest = Records.Where(r => r.Split != "test").ToArray();
        Assert.Contains("--protocol cv", Assert.Throws<LamaeException>(() => ProbeSplits.Of(noTest, ProbeProtocol.Folds)).Message);
    }

    [Fact]
    public void Fractions_are_by_patient_nested_and_the_same_for_the_same_seed()
    {
        int[] train = ProbeSplits.Of(Records, ProbeProtocol.Folds)[0].Train;
        int trainPatients = Patients(train).Length;

        for (int seed = 0; seed < 3; seed++)
        {
            int[] small = LabelFractions.Choose(Records, train, 0.1, seed);
            int[] medium = LabelFractions.Choose(Records, train, 0.5, seed);
            int[] all = LabelFractions.Choose(Records, train, 1, seed);

            Assert.Equal(small, LabelFractions.Choose(Records, train, 0.1, seed));
            Assert.Subset(medium.ToHashSet(), small.ToHashSet());
            Assert.Equal(train, all);
            Assert.Equal((int)Math.Ceiling(0.1 * trainPatients), Patients(small).Length);
            // Whole patients: every record of a chosen patient comes along.
            Assert.All(Patients(small), p => Assert.Equal(train.Count(r => Records[r].Patient == p), small.Count(r => Records[r].Patient == p)));
        }

        Assert.NotEqual(LabelFractions.Choose(Records, train, 0.1, 0), LabelFractions.Choose(Records, train, 0.1, 1));
        Assert.Single(Patients(LabelFractions.Choose(Records, train, 1e-6, 0)));
    }

    private static string[] Patients(int[] rows) => rows.Select(r => Records[r].Patient).Distinct().ToArray();
}

using Lamae.Cache;
using Lamae.Io.Datasets;

namespace Lamae.Tests.Cache;

public sealed class PatientSplitsTests : IDisposable
{
    private readonly CacheFixture fx = new(count: 60);

    public void Dispose() => fx.Dispose();

    [Fact]
    public void Patient_wise_records_pass_the_check()
    {
        PatientSplits.Verify(fx.Cache.Records);
        Assert.Equal(20, PatientSplits.Subjects(fx.Cache.Records).Count);
    }

    [Fact]
    public void A_subject_in_two_splits_is_named()
    {
        List<CacheRecord> records = [.. fx.Cache.Records];
        records[7] = records[7] with { Split = DatasetSplit.Test };   // subject p0002, otherwise train
        var ex = Assert.Throws<LamaeException>(() => PatientSplits.Verify(records));
        Assert.Contains("subject p0002", ex.Message, StringComparison.Ordinal);
        Assert.Contains("r00006 in Train", ex.Message, StringComparison.Ordinal);
        Assert.Contains("r00007 in Test", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Records_without_a_split_are_not_compared()
    {
        List<CacheRecord> records = [.. fx.Cache.Records];
        records[7] = records[7] with { Split = DatasetSplit.None };
        PatientSplits.Verify(records);
    }

    [Fact]
    public void Label_fractions_are_by_patient_nested_and_seeded()
    {
        IReadOnlyList<CacheRecord> records = fx.Cache.Records;
        IReadOnlySet<string> tenth = PatientSplits.Fraction(records, 0.1, seed: 1);
        IReadOnlySet<string> half = PatientSplits.Fraction(records, 0.5, seed: 1);
        Assert.Equal(2, tenth.Count);
        Assert.Equal(10, half.Count);
        Assert.Subset(half.ToHashSet(), tenth.ToHashSet());
        Assert.Equal(20, PatientSplits.Fraction(records, 1, seed: 1).Count);
        Assert.Equal(half, PatientSplits.Fraction(records, 0.5, seed: 1));
        Assert.NotEqual(half.Order(), PatientSplits.Fraction(records, 0.5, seed: 2).Order());

        // Every record of a chosen patient comes along.
        int[] kept = RecordFilter.Subject(tenth).Apply(records);
        Assert.Equal(6, kept.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => PatientSplits.Fraction(records, 0, seed: 1));
    }
}

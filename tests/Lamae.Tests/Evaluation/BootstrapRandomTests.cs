using Lamae.Evaluation;

namespace Lamae.Tests.Evaluation;

// Reference values: tests/reference/evaluation_reference.py (the same SplitMix64 written in Python), embedded JSON.
public sealed class BootstrapRandomTests
{
    public static TheoryData<int> Cases() => new(Enumerable.Range(0, SklearnReference.Generator.Count));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Outputs_and_index_draws_equal_the_Python_generator(int index)
    {
        SklearnReference.GeneratorCase c = SklearnReference.Generator[index];

        var outputs = new BootstrapRandom(c.Seed);
        var indices = new BootstrapRandom(c.Seed);

        Assert.Equal(c.Outputs, c.Outputs.Select(_ => outputs.Next()));
        Assert.Equal(c.Indices, c.Indices.Select(_ => indices.NextIndex(c.N)));
    }

    // Resample b starts at output b * P + 1 without drawing the ones before it; the Python reference draws sequentially.
    [Theory]
    [MemberData(nameof(Cases))]
    public void Skipping_ahead_lands_on_the_same_outputs_as_drawing_through(int index)
    {
        SklearnReference.GeneratorCase c = SklearnReference.Generator[index];

        for (int skip = 0; skip < c.Outputs.Length; skip++)
        {
            var random = new BootstrapRandom(c.Seed, (ulong)skip);
            Assert.Equal(c.Outputs[skip], random.Next());
        }
    }
}

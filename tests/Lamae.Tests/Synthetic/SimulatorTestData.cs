using Lamae.Synthetic;

namespace Lamae.Tests.Synthetic;

/// <summary>Simulated ECGs for tests: one condition alone (or none), or that condition with others drawn around it.</summary>
internal static class SimulatorTestData
{
    /// <summary><paramref name="count"/> ECGs with exactly <paramref name="condition"/> (null: normal), from different subjects.</summary>
    public static List<SimulatedEcg> Sample(Condition? condition, int count, NoiseOptions noise, int seed = 7,
        SimulationDifficulty difficulty = SimulationDifficulty.Standard) =>
        Make(count, seed, condition, rng => condition is { } c ? [c] : [], noise, difficulty);

    /// <summary>ECGs that have <paramref name="condition"/> plus others drawn at their default prevalences where compatible.</summary>
    public static List<SimulatedEcg> SampleMixed(Condition condition, int count, NoiseOptions noise, int seed = 11) =>
        Make(count, seed, condition, rng =>
        {
            var set = new HashSet<Condition> { condition };
            foreach (Condition other in Conditions.All.OrderBy(_ => rng.Next()).ToList())
            {
                if (rng.NextDouble() < other.DefaultPrevalence() && set.All(c => Conditions.Compatible(c, other)))
                {
                    set.Add(other);
                }
            }

            return set;
        }, noise, SimulationDifficulty.Standard);

    private static List<SimulatedEcg> Make(int count, int seed, Condition? condition, Func<Random, HashSet<Condition>> conditions, NoiseOptions noise,
        SimulationDifficulty difficulty)
    {
        DifficultyParameters p = DifficultyParameters.For(difficulty);
        var result = new List<SimulatedEcg>(count);
        for (int i = 0; i < count; i++)
        {
            // A fixed mix (HashCode.Combine is salted per process, which would change the data between runs).
            var rng = new Random(SyntheticDataset.Mix(seed, i, condition is { } c ? (int)c : -1));
            SubjectProfile subject = SubjectProfile.Sample(i, rng, p);
            HashSet<Condition> set = conditions(rng);
            result.Add(EcgSimulator.Simulate(subject.WithTraits(rng, p), set, 500, 10, noise, rng, $"t{i}", p));
        }

        return result;
    }
}

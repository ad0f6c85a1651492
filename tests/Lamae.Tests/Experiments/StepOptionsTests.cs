using System.Text.Json;
using Lamae.Experiments;

namespace Lamae.Tests.Experiments;

public sealed class StepOptionsTests
{
    private static readonly Dictionary<string, string> Roots = new() { ["ptbxl"] = "/data/ptb-xl" };

    [Fact]
    public void Values_become_options_flags_and_repeated_options()
    {
        JsonElement o = JsonDocument.Parse("""{ "epochs": 5, "lr": 0.5, "model": "lamae", "resume-safe": true, "quiet": false, "set": ["dim=32", "heads=2"] }""").RootElement;

        IReadOnlyList<string> args = StepOptions.ToArguments(o, Roots, "here");

        Assert.Equal(["--epochs", "5", "--lr", "0.5", "--model", "lamae", "--resume-safe", "--set", "dim=32", "--set", "heads=2"], args);
    }

    [Fact]
    public void Roots_are_substituted_and_an_unknown_one_is_named()
    {
        JsonElement good = JsonDocument.Parse("""{ "root": "${ptbxl}/records100" }""").RootElement;
        JsonElement bad = JsonDocument.Parse("""{ "root": "${mimic}" }""").RootElement;

        Assert.Equal(["--root", "/data/ptb-xl/records100"], StepOptions.ToArguments(good, Roots, "here"));
        var ex = Assert.Throws<LamaeException>(() => StepOptions.ToArguments(bad, Roots, "here"));
        Assert.Contains("${mimic} is not one of the config's roots (ptbxl)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "out": "x" }""", "set by the experiment itself")]
    [InlineData("""{ "--threads": 4 }""", "set by the experiment itself")]
    [InlineData("""{ "epochs": { "a": 1 } }""", "is not a value")]
    [InlineData("""[1, 2]""", "must be an object")]
    public void Options_the_experiment_sets_or_that_are_not_values_are_refused(string json, string problem)
    {
        JsonElement o = JsonDocument.Parse(json).RootElement;

        var ex = Assert.Throws<LamaeException>(() => StepOptions.ToArguments(o, Roots, "cfg: model 'm'"));

        Assert.StartsWith("cfg: model 'm'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }
}

using Lamae.Experiments;
using Lamae.Tests.Support;

namespace Lamae.Tests.Experiments;

public sealed class ExperimentConfigTests : IDisposable
{
    private const string Minimal = """
        {
          // comments and trailing commas are fine
          "name": "x",
          "caches": [ { "name": "data", "options": { "dataset": "synthetic", "count": 300 } } ],
          "pretrain_cache": "data",
          "evaluate_cache": "data",
          "models": [ { "name": "lamae", "options": { "model": "lamae", "epochs": 2 } } ],
          "probes": [ { "name": "p", "options": { "labels": "icd10" } } ],
        }
        """;

    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_config_is_read_with_its_defaults_and_source()
    {
        string path = Write(Minimal);

        ExperimentConfig c = ExperimentConfig.Read(path);

        Assert.Equal("x", c.Name);
        Assert.Equal(path, c.Source);
        Assert.Equal("cpu", c.Device);
        Assert.Equal("tiny", c.Floor);
        Assert.Single(c.Models);
        Assert.Null(c.Reconstruct);
    }

    [Theory]
    [InlineData("\"evaluate_cache\": \"data\"", "\"evaluate_cache\": \"nowhere\"", "\"evaluate_cache\" must name one of the caches (data)")]
    [InlineData("\"name\": \"lamae\"", "\"name\": \"a b\"", "model name 'a b'")]
    [InlineData("\"name\": \"x\",", "\"name\": \"x\", \"colour\": 1,", "not an experiment config")]
    [InlineData("\"models\": [", "\"reconstruct\": { \"models\": [\"mae-lead\"] }, \"models\": [", "\"reconstruct\" names model 'mae-lead'")]
    [InlineData("\"name\": \"lamae\"", "\"name\": \"random\"", "\"random\" is the floor's name")]
    public void A_wrong_config_is_one_line_naming_the_file_and_the_problem(string from, string to, string problem)
    {
        string path = Write(Minimal.Replace(from, to, StringComparison.Ordinal));

        var ex = Assert.Throws<LamaeException>(() => ExperimentConfig.Read(path));

        Assert.StartsWith(path + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_missing_or_truncated_config_is_one_clear_line()
    {
        string missing = Path.Combine(temp.Path, "none.json");
        Assert.Contains("no such experiment config", Assert.Throws<LamaeException>(() => ExperimentConfig.Read(missing)).Message, StringComparison.Ordinal);

        string truncated = Write(Minimal[..60]);
        Assert.Contains("not an experiment config", Assert.Throws<LamaeException>(() => ExperimentConfig.Read(truncated)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_config_round_trips_through_its_json()
    {
        ExperimentConfig c = ExperimentConfig.Read(Write(Minimal));

        ExperimentConfig again = ExperimentConfig.Parse(c.ToJson(), "again");

        Assert.Equal(c.ToJson(), again.ToJson());
    }

    private string Write(string text)
    {
        string path = Path.Combine(temp.Path, "config.json");
        File.WriteAllText(path, text);
        return path;
    }
}

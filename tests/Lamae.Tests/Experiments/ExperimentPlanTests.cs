using Lamae.Experiments;
using Lamae.Tests.Support;

namespace Lamae.Tests.Experiments;

public sealed class ExperimentPlanTests : IDisposable
{
    private const string Config = """
        {
          "name": "x",
          "roots": { "data": "ecgs" },
          "caches": [
            { "name": "pre", "options": { "dataset": "ptbxl", "root": "${data}" } },
            { "name": "eval", "options": { "dataset": "synthetic", "count": 400, "seed": 3 } }
          ],
          "pretrain_cache": "pre",
          "evaluate_cache": "eval",
          "models": [ { "name": "lamae", "options": { "model": "lamae", "epochs": 2 } }, { "name": "mae-lead", "options": { "model": "mae-lead" } } ],
          "probes": [ { "name": "p", "options": { "labels": "icd10", "seeds": 2, "fractions": "0.1,1" } } ],
          "reconstruct": { "models": ["lamae"], "fit_cache": "pre", "options": { "keep": ["I,II"], "limit": 50 } }
        }
        """;

    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_stages_run_in_pipeline_order_each_writing_its_own_folder()
    {
        ExperimentPlan plan = ExperimentPlan.Create(Read(), Path.Combine(temp.Path, "out"));

        Assert.Equal(
            ["cache pre", "cache eval", "pretrain lamae", "pretrain mae-lead", "embed lamae", "embed mae-lead", "embed random", "probe p", "reconstruct lamae", "report"],
            plan.Stages.Select(s => s.Id));
        Assert.Equal(plan.Stages.Count, plan.Stages.Select(s => s.Folder).Distinct().Count());
        Assert.All(plan.Stages, s => Assert.StartsWith(plan.Directory, s.Folder, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_stage_is_wired_to_the_folders_of_the_stages_before_it()
    {
        ExperimentPlan plan = ExperimentPlan.Create(Read(), Path.Combine(temp.Path, "out"), seed: 7);
        string dir = plan.Directory;
        ExperimentStage Stage(string id) => plan.Stages.Single(s => s.Id == id);

        Assert.Equal(["cache", "build", "--out", Path.Combine(dir, "caches", "pre"), "--dataset", "ptbxl", "--root", Path.Combine(temp.Path, "ecgs")], Stage("cache pre").Arguments);
        Assert.Equal(
            ["pretrain", "--cache", Path.Combine(dir, "caches", "pre"), "--out", Path.Combine(dir, "runs", "lamae"), "--seed", "7", "--device", "cpu", "--model", "lamae", "--epochs", "2"],
            Stage("pretrain lamae").Arguments);
        Assert.Equal("checkpoint.ckpt", Stage("pretrain lamae").Checkpoint);
        Assert.Equal(["embed", "--model", "random", "--preset", "tiny", "--seed", "7", "--cache", Path.Combine(dir, "caches", "eval"), "--out", Path.Combine(dir, "embeddings", "random")], Stage("embed random").Arguments);

        // The probe compares every model with the first, and the floor is last.
        IReadOnlyList<string> probe = Stage("probe p").Arguments;
        string[] embeddings = probe.Select((a, i) => (a, i)).Where(x => x.a == "--embeddings").Select(x => probe[x.i + 1]).ToArray();
        Assert.Equal(["lamae", "mae-lead", "random"], embeddings.Select(Path.GetFileName));
        Assert.Contains("--fit-cache", Stage("reconstruct lamae").Arguments);
        Assert.Equal(Path.Combine(dir, "caches", "pre"), Stage("reconstruct lamae").Arguments[Stage("reconstruct lamae").Arguments.ToList().IndexOf("--fit-cache") + 1]);

        IReadOnlyList<string> report = Stage("report").Arguments;
        Assert.Contains(Path.Combine(dir, "probes", "p"), report);
        Assert.Contains(Path.Combine(dir, "runs", "mae-lead"), report);
        Assert.Contains(Path.Combine(dir, "reconstruct", "lamae"), report);
    }

    [Fact]
    public void Units_measure_each_stage_for_the_time_estimates()
    {
        ExperimentPlan plan = ExperimentPlan.Create(Read(), Path.Combine(temp.Path, "out"));

        Assert.Equal(0, plan.Stages[0].Units);     // a real dataset: its size is not known before it is read
        Assert.Equal(400, plan.Stages[1].Units);   // 400 simulated ECGs
        Assert.Equal(400, plan.Stages.Single(s => s.Id == "embed lamae").Units);
        Assert.Equal(3 * 2 * 2 * 400, plan.Stages.Single(s => s.Id == "probe p").Units);   // 3 embeddings x 2 seeds x 2 fractions x 400 ECGs
        Assert.Equal(50, plan.Stages.Single(s => s.Id == "reconstruct lamae").Units);
    }

    [Fact]
    public void Roots_resolve_from_the_config_folder_and_can_be_pointed_elsewhere()
    {
        ExperimentConfig config = Read();
        string elsewhere = Directory.CreateDirectory(Path.Combine(temp.Path, "mine")).FullName;

        ExperimentPlan asWritten = ExperimentPlan.Create(config, Path.Combine(temp.Path, "out"));
        ExperimentPlan pointed = ExperimentPlan.Create(config, Path.Combine(temp.Path, "out"), new Dictionary<string, string> { ["data"] = elsewhere });

        Assert.Equal(Path.Combine(temp.Path, "ecgs"), asWritten.Roots["data"]);
        var missing = Assert.Throws<LamaeException>(asWritten.RequireRoots);
        Assert.Contains("data root 'data'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("--root data=DIR", missing.Message, StringComparison.Ordinal);
        pointed.RequireRoots();
        Assert.Contains(elsewhere, pointed.Stages[0].Arguments);
        var unknown = Assert.Throws<LamaeException>(() => ExperimentPlan.Create(config, temp.Path, new Dictionary<string, string> { ["mimic"] = elsewhere }));
        Assert.Contains("has no root called 'mimic'", unknown.Message, StringComparison.Ordinal);
    }

    private ExperimentConfig Read()
    {
        string path = Path.Combine(temp.Path, "config.json");
        File.WriteAllText(path, Config);
        return ExperimentConfig.Read(path);
    }
}

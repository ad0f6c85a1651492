using Lamae.Cli;
using Lamae.Experiments;
using Lamae.Tests.Cli.Experiments;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

[Collection(nameof(Training.GlobalTorchRng))]
public sealed class ExperimentCommandTests : IDisposable
{
    private static readonly string Configs = Path.Combine(SharedCorpus.RepositoryRoot(), "configs");

    private readonly TempFolder temp = Fixtures.Temp();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string, string[]> ShippedConfigs => new()
    {
        { "demo.json", [] },
        { "ptbxl-500.json", ["ptbxl"] },
        { "ptbxl-full.json", ["ptbxl"] },
        { "mimic-iv-ecg.json", ["mimic"] },
    };

    [Theory]
    [MemberData(nameof(ShippedConfigs))]
    public void Every_shipped_config_parses_and_names_only_real_options(string config, string[] roots)
    {
        // --plan checks every stage against the real command tree (option names, values, choices) and runs nothing.
        string[] pointed = [.. roots.SelectMany(r => new[] { "--root", $"{r}={Directory.CreateDirectory(Path.Combine(temp.Path, r)).FullName}" })];

        CliResult r = CliRunner.Run(["experiment", Path.Combine(Configs, config), "--plan", "--out", Path.Combine(temp.Path, "out"), .. pointed]);

        Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr);
        Assert.Contains("[1/", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("lamae report", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("expected: ", r.Stdout, StringComparison.Ordinal);   // each config says what it costs
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out", "caches")));
    }

    [Theory]
    [InlineData("ptbxl-full.json", "ptbxl", "physionet.org")]
    [InlineData("mimic-iv-ecg.json", "mimic", "physionet.org")]
    public void The_full_ptbxl_and_mimic_configs_fail_with_one_clear_line_when_their_data_is_missing(string config, string root, string source)
    {
        CliResult r = CliRunner.Run(["experiment", Path.Combine(Configs, config), "--out", Path.Combine(temp.Path, "out")]);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        string line = Assert.Single(r.StderrLines);
        Assert.Contains($"data root '{root}'", line, StringComparison.Ordinal);
        Assert.Contains("does not exist", line, StringComparison.Ordinal);
        Assert.Contains(source, line, StringComparison.Ordinal);
        Assert.Contains($"--root {root}=DIR", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out")));
    }

    [Fact]
    public void The_mimic_config_on_a_cpu_build_stops_at_its_device_before_any_stage()
    {
        string root = Directory.CreateDirectory(Path.Combine(temp.Path, "mimic")).FullName;

        CliResult r = CliRunner.Run(["experiment", Path.Combine(Configs, "mimic-iv-ecg.json"), "--root", $"mimic={root}", "--out", Path.Combine(temp.Path, "out")]);

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Contains("--device cuda: CUDA is not available in this build", Assert.Single(r.StderrLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "out")));
    }

    [Theory]
    [InlineData("\"epochs\": 2,", "\"epoch\": 2,", "pretrain lamae: 'epoch' is not an option of 'lamae pretrain'")]
    [InlineData("\"protocol\": \"cv\"", "\"protocol\": \"loo\"", "probe icd10:")]
    public void A_config_with_a_wrong_option_is_one_line_naming_the_stage_and_the_option(string from, string to, string problem)
    {
        string config = MicroExperiment.Write(temp.Path);
        File.WriteAllText(config, File.ReadAllText(config).Replace(from, to, StringComparison.Ordinal));

        CliResult r = CliRunner.Run(["experiment", config, "--out", Path.Combine(temp.Path, "out")]);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains(problem, Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void An_experiment_runs_every_stage_records_them_and_a_rerun_redoes_nothing()
    {
        string config = MicroExperiment.Write(temp.Path);
        string outDir = Path.Combine(temp.Path, "out");

        CliResult first = CliRunner.Run(["experiment", config, "--out", outDir, "--threads", "1"]);

        Assert.True(first.ExitCode == ExitCodes.Success, first.Stderr);
        Assert.True(File.Exists(Path.Combine(outDir, "report", "report.html")));
        Assert.Contains("macro AUROC", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("report: ", first.Stdout, StringComparison.Ordinal);
        ExperimentRecord record = ExperimentRecord.Read(outDir)!;
        Assert.Equal(9, record.Stages.Count);
        Assert.All(record.Stages, s => Assert.Equal(StageRecord.Finished, s.Status));
        Assert.All(record.Stages, s => Assert.True(s.Seconds > 0 && s.Sessions == 1, s.Id));
        DateTime probed = File.GetLastWriteTimeUtc(Path.Combine(outDir, "probes", "icd10", "probe.json"));

        CliResult again = CliRunner.Run(["experiment", config, "--out", outDir, "--threads", "1"]);

        Assert.True(again.ExitCode == ExitCodes.Success, again.Stderr);
        Assert.Equal(9, again.StderrLines.Count(l => l.Contains(": finished earlier, kept", StringComparison.Ordinal)));
        Assert.Equal(probed, File.GetLastWriteTimeUtc(Path.Combine(outDir, "probes", "icd10", "probe.json")));
    }

    [Fact]
    public void A_finished_stage_is_not_mixed_with_a_changed_config_and_a_deleted_one_is_redone_alone()
    {
        string config = MicroExperiment.Write(temp.Path, epochs: 1);
        string outDir = Path.Combine(temp.Path, "out");
        Assert.Equal(ExitCodes.Success, CliRunner.Run(["experiment", config, "--out", outDir, "--threads", "1"]).ExitCode);
        DateTime pretrained = File.GetLastWriteTimeUtc(Path.Combine(outDir, "runs", "lamae", "model.safetensors"));

        MicroExperiment.Write(temp.Path, epochs: 1, fractions: "1");
        CliResult changed = CliRunner.Run(["experiment", config, "--out", outDir, "--threads", "1"]);

        Assert.Equal(ExitCodes.Usage, changed.ExitCode);
        string line = Assert.Single(changed.StderrLines);
        Assert.Contains("stage 'probe icd10' was made by", line, StringComparison.Ordinal);
        Assert.Contains("--fractions 0.5,1", line, StringComparison.Ordinal);
        Assert.Contains("choose another --out, or delete", line, StringComparison.Ordinal);

        Directory.Delete(Path.Combine(outDir, "probes", "icd10"), recursive: true);
        Directory.Delete(Path.Combine(outDir, "report"), recursive: true);
        CliResult redone = CliRunner.Run(["experiment", config, "--out", outDir, "--threads", "1"]);

        Assert.True(redone.ExitCode == ExitCodes.Success, redone.Stderr);
        Assert.Equal(7, redone.StderrLines.Count(l => l.Contains(": finished earlier, kept", StringComparison.Ordinal)));
        Assert.Equal(pretrained, File.GetLastWriteTimeUtc(Path.Combine(outDir, "runs", "lamae", "model.safetensors")));
        IReadOnlyList<string> probe = ExperimentRecord.Read(outDir)!.Find("probe icd10")!.Arguments;
        Assert.Equal("1", probe[probe.ToList().IndexOf("--fractions") + 1]);
    }
}

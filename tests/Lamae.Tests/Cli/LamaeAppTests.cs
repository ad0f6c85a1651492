using Lamae.Cli;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

public class LamaeAppTests
{
    [Fact]
    public void Help_lists_commands_and_shows_defaults()
    {
        CliResult r = CliRunner.Run("--help");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("doctor", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("--threads", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"[default: {Environment.ProcessorCount}]", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("[default: 0]", r.Stdout, StringComparison.Ordinal);   // --seed
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void Subcommand_help_shows_the_global_options()
    {
        CliResult r = CliRunner.Run("doctor", "--help");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("--data", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("--json", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("--threads", r.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("doctor", "--bogus")]
    [InlineData("no-such-command")]
    [InlineData("doctor", "--threads", "many")]
    public void A_bad_command_line_gives_exit_1_and_one_line_naming_the_mistake(params string[] args)
    {
        CliResult r = CliRunner.Run(args);

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        string line = Assert.Single(r.StderrLines);
        Assert.StartsWith("lamae: ", line, StringComparison.Ordinal);
        Assert.Contains(args[^1], line, StringComparison.Ordinal);
        Assert.Contains("--help", line, StringComparison.Ordinal);
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void A_value_out_of_range_is_a_usage_error_too()
    {
        CliResult r = CliRunner.Run("doctor", "--threads", "0");

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("--threads 0", Assert.Single(r.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void No_command_prints_help_and_signals_a_usage_error()
    {
        CliResult r = CliRunner.Run();

        Assert.Equal(ExitCodes.Usage, r.ExitCode);
        Assert.Contains("Commands:", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_process_with_a_bad_option_exits_1_with_one_line_and_no_stack_trace()
    {
        CliResult r = CliRunner.RunProcess("doctor", "--no-such-option");

        Assert.Equal(1, r.ExitCode);
        string line = Assert.Single(r.StderrLines);
        Assert.Contains("--no-such-option", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
    }
}

using System.CommandLine;
using Lamae.Cli.Commands;

namespace Lamae.Cli;

/// <summary>The lamae command line: builds the command tree, parses, runs, and maps failures to exit codes.</summary>
public static class LamaeApp
{
    /// <summary>Runs lamae with <paramref name="args"/>; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        bool interactive = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        var output = new CliOutput(stdout, stderr, interactive);
        RootCommand root = Build(output);
        ParseResult parse = root.Parse(args);
        bool verbose = parse.GetValue(GlobalOptions.Verbose);

        if (parse.Errors.Count > 0)
        {
            string command = parse.CommandResult.Command is RootCommand ? "lamae" : $"lamae {parse.CommandResult.Command.Name}";
            string message = string.Join(" ", parse.Errors.Select(e => PlainTypeNames(OneLine(e.Message)).TrimEnd('.') + "."));
            stderr.WriteLine($"lamae: {message} See '{command} --help'.");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"lamae: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Every other failure is one line; a LamaeException's message is written for the user already.
            string message = ex is LamaeException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            stderr.WriteLine($"lamae: error: {OneLine(message)}");
            if (verbose)
            {
                stderr.WriteLine(ex.ToString());
            }
            else if (ex is not LamaeException)
            {
                stderr.WriteLine("lamae: (run again with --verbose for the stack trace)");
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>The command tree; <paramref name="output"/> is where every command writes.</summary>
    public static RootCommand Build(CliOutput output)
    {
        var root = new RootCommand(
            "Lamae: pretrain and evaluate ECG foundation models (LAMAE, the Latent Attention Masked Autoencoder).");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(DoctorCommand.Create(output));
        root.Subcommands.Add(InspectCommand.Create(output));
        root.Subcommands.Add(ExportCommand.Create(output));
        root.Subcommands.Add(SimulateCommand.Create(output));
        root.Subcommands.Add(PlotCommand.Create(output));
        root.Subcommands.Add(CacheCommand.Create(output));
        root.Subcommands.Add(PretrainCommand.Create(output));
        root.Subcommands.Add(EmbedCommand.Create(output));
        root.Subcommands.Add(ReconstructCommand.Create(output));
        root.Subcommands.Add(ProbeCommand.Create(output));
        root.Subcommands.Add(FinetuneCommand.Create(output));
        root.Subcommands.Add(ReportCommand.Create(output));
        root.Subcommands.Add(ExperimentCommand.Create(output));
        root.Subcommands.Add(DemoCommand.Create(output));
        root.SetAction(parse =>
        {
            // No command given: show what there is, and signal a usage mistake.
            _ = root.Parse("--help").Invoke(new InvocationConfiguration { Output = output.Out, Error = output.Error });
            return ExitCodes.Usage;
        });
        return root;
    }

    // System.CommandLine names the .NET type it expected ("as expected type 'System.Nullable`1[System.Int32]'"); a user
    // wants to read what to type instead.
    internal static string PlainTypeNames(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"as expected type 'System\.(?:Nullable`1\[System\.)?(\w+)\]?'", m => m.Groups[1].Value switch
        {
            "Int32" or "Int64" => "as a whole number",
            "Double" or "Single" => "as a number",
            "Boolean" => "as true or false",
            string other => $"as {other}",
        });

    internal static string OneLine(string text) =>
        string.Join(" ", text.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

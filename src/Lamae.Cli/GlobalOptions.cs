using System.CommandLine;

namespace Lamae.Cli;

/// <summary>Options every lamae command accepts, with the same meaning everywhere.</summary>
public static class GlobalOptions
{
    /// <summary>Machine-readable output: one JSON document on stdout, nothing else there.</summary>
    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON to stdout instead of tables",
        Recursive = true,
    };

    /// <summary>Torch compute threads; all cores by default.</summary>
    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "Number of CPU threads for torch and data work",
        DefaultValueFactory = _ => Environment.ProcessorCount,
        Recursive = true,
    };

    /// <summary>Seed of every random choice a command makes (data order, masks, initial weights).</summary>
    public static readonly Option<int> Seed = new("--seed")
    {
        Description = "Random seed, so that a run can be repeated exactly",
        DefaultValueFactory = _ => 0,
        Recursive = true,
    };

    /// <summary>Show stack traces and details on errors.</summary>
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show details and stack traces on errors",
        Recursive = true,
    };

    /// <summary>Adds the global options to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Json);
        root.Options.Add(Threads);
        root.Options.Add(Seed);
        root.Options.Add(Verbose);
    }

    /// <summary>The validated --threads value.</summary>
    public static int GetThreads(ParseResult parse)
    {
        int threads = parse.GetValue(Threads);
        if (threads < 1)
        {
            throw new UsageException($"--threads {threads}: must be at least 1 (this machine has {Environment.ProcessorCount} cores).");
        }

        return threads;
    }
}

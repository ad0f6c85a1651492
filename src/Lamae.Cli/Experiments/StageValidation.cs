using System.CommandLine;
using Lamae.Experiments;

namespace Lamae.Cli.Experiments;

/// <summary>
/// Checks every stage of a plan against the real command tree before anything runs: each option must be one the
/// command has, and the whole line must parse (values of the right type, choices among those offered, required
/// options present). A mistake is one line naming the stage, the option and where to look.
/// </summary>
public static class StageValidation
{
    public static void Check(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        RootCommand root = LamaeApp.Build(new CliOutput(TextWriter.Null, TextWriter.Null, interactive: false));
        string where = plan.Config.Source ?? plan.Config.Name;
        foreach (ExperimentStage stage in plan.Stages)
        {
            Command command = root;
            int i = 0;
            while (i < stage.Arguments.Count && command.Subcommands.FirstOrDefault(c => c.Name == stage.Arguments[i]) is { } sub)
            {
                command = sub;
                i++;
            }

            var known = command.Options.Concat(root.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
            string name = string.Join(' ', stage.Arguments.Take(i));
            foreach (string a in stage.Arguments.Skip(i).Where(a => a.StartsWith("--", StringComparison.Ordinal)))
            {
                if (!known.Contains(a))
                {
                    throw new UsageException($"{where}: {stage.Id}: '{a[2..]}' is not an option of 'lamae {name}' (see 'lamae {name} --help')");
                }
            }

            ParseResult parse = root.Parse([.. stage.Arguments]);
            if (parse.Errors.Count > 0)
            {
                throw new UsageException($"{where}: {stage.Id}: {string.Join(" ", parse.Errors.Select(e => LamaeApp.OneLine(e.Message).TrimEnd('.') + "."))} (see 'lamae {name} --help')");
            }
        }
    }
}

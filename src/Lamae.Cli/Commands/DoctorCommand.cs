using System.CommandLine;
using Lamae.Diagnostics;
using Spectre.Console;

namespace Lamae.Cli.Commands;

/// <summary>`lamae doctor`: is this machine ready to run Lamae?</summary>
public static class DoctorCommand
{
    public static Command Create(CliOutput output)
    {
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = $"Folder of ECG records to check for readability (default: {SharedDataFolder.RelativeToRepository} when present)",
        };
        var command = new Command("doctor", "Check .NET, TorchSharp and its native fix, threads, SIMD, autograd and the data folder")
        {
            data,
        };
        command.SetAction(parse =>
        {
            int threads = GlobalOptions.GetThreads(parse);
            string? named = parse.GetValue(data)?.FullName;
            DoctorReport report = Doctor.Run(named ?? SharedDataFolder.Find(), named is not null, threads);
            if (parse.GetValue(GlobalOptions.Json))
            {
                output.WriteJson(report);
            }
            else
            {
                Render(output, report);
            }

            return report.Healthy ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void Render(CliOutput output, DoctorReport r)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("check").AddColumn("result");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));

        Row("Lamae", r.Lamae);
        Row(".NET", r.DotNet);
        Row("OS", r.OperatingSystem);
        Row("TorchSharp / libtorch", $"{r.TorchSharp ?? "?"} / {r.Libtorch ?? "not loaded"}");
        Row("native fix", DescribeFix(r));
        Row("threads", $"{r.ThreadsUsed} used of {r.ThreadsAvailable} available");
        Row("SIMD", string.Join(", ", r.Simd));
        Row("precision", $"--precision auto runs {r.AutoPrecision.Name} here ({r.AutoPrecision.Reason})");
        Row("gradient check", r.GradientCheck is { } g
            ? $"{(g.Passed ? "pass" : "FAIL")}: {g.Compared} entries, max |autograd - finite diff| = {g.MaxAbsError:G3} (bound {g.Tolerance:G1})"
            : "not run");
        Row("data", r.Data.Path is null
            ? $"no {SharedDataFolder.RelativeToRepository} found (give --data to check a folder)"
            : $"{r.Data.Path}: {(r.Data.Readable ? $"readable, {r.Data.HeaderFiles} WFDB headers" : "NOT readable")}");
        output.Console.Write(table);

        if (r.Healthy)
        {
            output.Console.MarkupLine("[green]healthy[/]");
            return;
        }

        foreach (string problem in r.Problems)
        {
            output.Error.WriteLine($"lamae doctor: problem: {problem}");
        }
    }

    private static string DescribeFix(DoctorReport r)
    {
        var f = r.NativeFix;
        if (!f.Needed)
        {
            return $"not needed (libstdc++ {f.SystemNewestGlibcxx ?? "?"} has every version libLibTorchSharp.so asks for)";
        }

        return f.Applied
            ? $"needed and applied: {string.Join(", ", f.MissingVersions)} marked weak in {f.NativeLibrary} (system libstdc++ stops at {f.SystemNewestGlibcxx})"
            : $"needed, NOT applied: {f.Problem}";
    }
}

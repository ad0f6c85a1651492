using System.Text.Json;
using Lamae.Cli;
using Lamae.Runtime;
using Lamae.Tests.Support;

namespace Lamae.Tests.Cli;

public sealed class DoctorCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lamae-doctor-").FullName;

    public void Dispose()
    {
        Directory.Delete(dir, recursive: true);
        TorchRuntime.Configure(TestSetup.TorchThreads);   // doctor --threads 1 changed the process-wide setting
    }

    [Fact]
    public void Json_reports_the_fix_state_and_a_passing_gradient_check()
    {
        File.WriteAllText(Path.Combine(dir, "r.hea"), "r 1 500 10\n");

        CliResult r = CliRunner.Run("doctor", "--json", "--data", dir, "--threads", "1");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(r.Stdout);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("healthy").GetBoolean());
        JsonElement fix = root.GetProperty("nativeFix");
        bool needed = fix.GetProperty("needed").GetBoolean();
        Assert.True(!needed || fix.GetProperty("applied").GetBoolean());
        Assert.Equal(needed, fix.GetProperty("missingVersions").GetArrayLength() > 0);
        JsonElement grad = root.GetProperty("gradientCheck");
        Assert.True(grad.GetProperty("passed").GetBoolean());
        Assert.InRange(grad.GetProperty("maxAbsError").GetDouble(), 0, 1e-6);
        Assert.Equal(1, root.GetProperty("threadsUsed").GetInt32());
        Assert.Equal(1, root.GetProperty("data").GetProperty("headerFiles").GetInt32());
        Assert.StartsWith("2.10.0", root.GetProperty("libtorch").GetString(), StringComparison.Ordinal);
        bool nativeBf16 = root.GetProperty("simd").EnumerateArray().Any(f => f.GetString() is "AVX512_BF16" or "AMX-BF16");
        Assert.Equal(nativeBf16 ? "bf16" : "fp32", root.GetProperty("autoPrecision").GetProperty("name").GetString());   // what --precision auto runs here, and why
        Assert.StartsWith("auto: this CPU has", root.GetProperty("autoPrecision").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void A_missing_data_folder_makes_doctor_fail_with_exit_2_and_say_what_to_do()
    {
        string missing = Path.Combine(dir, "absent");

        CliResult r = CliRunner.Run("doctor", "--data", missing, "--threads", "1");

        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        string line = Assert.Single(r.StderrLines);
        Assert.Contains(missing, line, StringComparison.Ordinal);
        Assert.Contains("no such folder", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_output_says_healthy()
    {
        CliResult r = CliRunner.Run("doctor", "--data", dir, "--threads", "1");

        Assert.Equal(ExitCodes.Success, r.ExitCode);
        Assert.Contains("gradient check", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("healthy", r.Stdout, StringComparison.Ordinal);
    }
}

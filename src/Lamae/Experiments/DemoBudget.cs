using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lamae.Experiments;

/// <summary>
/// Fits the demo into its budget. Each stage's time is its units (ECGs simulated, ECG-epochs trained, ECGs embedded,
/// probe fits x ECGs, ECGs rebuilt) times a cost per unit measured on the slowest machine the demo has run on
/// (<see cref="ReferenceCpu"/>), scaled by how fast this machine's training steps are (<see cref="MachineSpeed"/>). The
/// demo config is its full size; the budget picks the largest of a fixed ladder of scales (fewer ECGs, epochs, probe
/// seeds and bootstrap resamples) whose estimate fits in 85 % of it. A machine up to 20 % slower than the reference, or
/// any faster one, gets the plan the reference machine gets, so the same --minutes and seed give the same numbers.
/// </summary>
public sealed class DemoBudget
{
    /// <summary>The processor the costs below were measured on.</summary>
    public const string ReferenceCpu = "AMD EPYC (2 cores), 2 torch threads";

    /// <summary><see cref="MachineSpeed.StepSeconds"/> on <see cref="ReferenceCpu"/>.</summary>
    public const double ReferenceStepSeconds = 0.45;

    /// <summary>The ladder of scales, largest first.</summary>
    public static readonly IReadOnlyList<double> Scales = [1.0, 0.85, 0.7, 0.6, 0.5, 0.4, 0.3, 0.22, 0.16, 0.12, 0.08];

    /// <summary>The fewest ECGs a scaled cache keeps (cross-validation needs patients with each code).</summary>
    public const int MinimumCount = 160;

    // Seconds per unit on the reference machine: `lamae demo --minutes 60` at scale 1 on 2026-12-06 (AMD EPYC, 2 cores,
    // 2 threads; 12 min 22 s wall), experiment.json's stage seconds less the fixed cost, over the plan's units
    // (bench/scripts/demo-budget.sh prints both). Embedding is the mean over the five models (mae-joint's 41 s and
    // mae-lead's 11 s for 1,500 ECGs are its ends); rebuilding the mean of lamae and mae-lead.
    private static readonly Dictionary<string, double> UnitCost = new(StringComparer.Ordinal)
    {
        ["cache"] = 0.0028,
        ["pretrain lamae"] = 0.0337,
        ["pretrain mae-lead"] = 0.0114,
        ["pretrain mae-joint"] = 0.0218,
        ["pretrain contrastive"] = 0.0189,  // 0.0174 before micro-batches (gradient caching's extra forward): 124.6 s against 114.9 expected, 2026-12-06
        ["embed"] = 0.0135,
        ["probe"] = 0.0017,
        ["reconstruct"] = 0.015,
        ["report"] = 1,
    };

    private static readonly Dictionary<string, double> FixedCost = new(StringComparer.Ordinal)
    {
        ["cache"] = 2, ["pretrain"] = 4, ["embed"] = 2, ["probe"] = 3, ["reconstruct"] = 3, ["report"] = 0,
    };

    private DemoBudget(double minutes, double scale, double factor, double stepSeconds, ExperimentConfig config)
    {
        Minutes = minutes;
        Scale = scale;
        Factor = factor;
        StepSeconds = stepSeconds;
        Config = config;
    }

    /// <summary>The budget asked for.</summary>
    public double Minutes { get; }

    /// <summary>The scale chosen from <see cref="Scales"/>.</summary>
    public double Scale { get; }

    /// <summary>This machine's step time over the reference's (above 1: slower).</summary>
    public double Factor { get; }

    /// <summary>This machine's measured step time.</summary>
    public double StepSeconds { get; }

    /// <summary>The demo config at <see cref="Scale"/>.</summary>
    public ExperimentConfig Config { get; }

    /// <summary>
    /// Chooses the scale for <paramref name="minutes"/> on a machine whose training step takes <paramref name="stepSeconds"/>;
    /// <paramref name="scale"/>, when given (a resumed demo), is kept instead, so a rerun continues the same plan.
    /// </summary>
    public static DemoBudget Plan(ExperimentConfig demo, double minutes, double stepSeconds, string directory, double? scale = null)
    {
        ArgumentNullException.ThrowIfNull(demo);
        if (!(minutes > 0))
        {
            throw new ArgumentException($"--minutes {minutes.ToString(CultureInfo.InvariantCulture)}: must be positive");
        }

        double factor = stepSeconds / ReferenceStepSeconds;
        double planning = factor <= 1.2 ? 1 : factor;
        double chosen = scale ?? Scales.FirstOrDefault(s => planning * Estimate(ExperimentPlan.Create(Scaled(demo, s), directory), 1) <= 0.85 * minutes * 60, Scales[^1]);
        return new DemoBudget(minutes, chosen, factor, stepSeconds, Scaled(demo, chosen));
    }

    /// <summary>The expected seconds of <paramref name="stage"/> on this machine.</summary>
    public double Seconds(ExperimentStage stage) => Factor * StageSeconds(stage);

    /// <summary>The expected seconds of the whole plan on this machine.</summary>
    public double Seconds(ExperimentPlan plan) => Estimate(plan, Factor);

    /// <summary>What experiment.json records of the budget.</summary>
    public JsonElement Record(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var o = new JsonObject
        {
            ["minutes"] = Minutes,
            ["scale"] = Scale,
            ["step_seconds"] = Math.Round(StepSeconds, 4),
            ["reference_step_seconds"] = ReferenceStepSeconds,
            ["reference_cpu"] = ReferenceCpu,
            ["cpu"] = Diagnostics.CpuModel.Name(),
            ["estimated_seconds"] = Math.Round(Seconds(plan)),
            ["stages"] = new JsonObject(plan.Stages.Select(s => KeyValuePair.Create(s.Id, (JsonNode?)JsonValue.Create(Math.Round(Seconds(s), 1))))),
        };
        return JsonSerializer.SerializeToElement(o);
    }

    /// <summary>The demo config scaled: caches, epochs, probe seeds and resamples, rebuilt ECGs.</summary>
    public static ExperimentConfig Scaled(ExperimentConfig demo, double scale)
    {
        ArgumentNullException.ThrowIfNull(demo);
        if (scale >= 1)
        {
            return demo;
        }

        return demo with
        {
            Caches = [.. demo.Caches.Select(c => c with { Options = Set(c.Options, "count", n => Math.Max(MinimumCount, Math.Round(n * scale / 10) * 10)) })],
            Models = [.. demo.Models.Select(m => m with { Options = Set(m.Options, "epochs", e => Math.Max(1, Math.Round(e * scale))) })],
            Probes = [.. demo.Probes.Select(p => p with
            {
                Options = scale >= 0.6 ? p.Options : Set(Set(p.Options, "seeds", _ => 1), "resamples", r => Math.Min(r, 200), 1000),
            })],
            Reconstruct = demo.Reconstruct is { } r ? r with { Options = Set(r.Options, "limit", l => Math.Max(40, Math.Round(l * scale))) } : null,
        };
    }

    private static double Estimate(ExperimentPlan plan, double factor) => factor * plan.Stages.Sum(StageSeconds);

    private static double StageSeconds(ExperimentStage stage)
    {
        string key = stage.Kind == StageKinds.Pretrain ? $"pretrain {ModelOf(stage)}" : stage.Kind;
        double perUnit = UnitCost.TryGetValue(key, out double c) ? c : UnitCost["pretrain lamae"];
        return FixedCost.GetValueOrDefault(stage.Kind) + (stage.Kind == StageKinds.Report ? perUnit : perUnit * stage.Units);
    }

    private static string ModelOf(ExperimentStage stage)
    {
        int i = stage.Arguments.ToList().IndexOf("--model");
        return i >= 0 && i + 1 < stage.Arguments.Count ? stage.Arguments[i + 1] : "lamae";
    }

    // The options object with <name> replaced by f(old); absent numbers start from <missing> (or stay absent).
    private static JsonElement? Set(JsonElement? options, string name, Func<double, double> f, double? missing = null)
    {
        JsonObject o = options is { ValueKind: JsonValueKind.Object } e ? JsonNode.Parse(e.GetRawText())!.AsObject() : [];
        double? old = o[name] is JsonValue v && v.TryGetValue(out double d) ? d : missing;
        if (old is { } x)
        {
            o[name] = f(x);
        }

        return JsonSerializer.SerializeToElement(o);
    }
}

using System.Globalization;
using Lamae.Models;

namespace Lamae.Training;

/// <summary>What one model does differently from its preset's shared defaults: model settings and training defaults.</summary>
/// <param name="Settings">Model settings as <c>--set</c> writes them ("decoder_depth=1"), applied to the preset's config.</param>
/// <param name="Training">Its training defaults, or null for the preset's.</param>
public sealed record ModelDefaults(IReadOnlyList<string> Settings, PretrainOptions? Training = null);

/// <summary>One preset: the model's hyper-parameters and how to train it, by model where models differ.</summary>
/// <param name="Name">The name on the command line (<c>--preset</c>) and in <see cref="ModelConfig.Name"/>.</param>
/// <param name="Summary">One line for help texts.</param>
/// <param name="Model">The model hyper-parameters: LAMAE's, and every model's unless <paramref name="ByModel"/> says otherwise.</param>
/// <param name="Training">Training defaults, unless <paramref name="ByModel"/> says otherwise.</param>
/// <param name="ByModel">Each model's own defaults where they were measured to differ (docs/pretraining.md), by registry name.</param>
public sealed record Preset(string Name, string Summary, ModelConfig Model, PretrainOptions Training, IReadOnlyDictionary<string, ModelDefaults> ByModel)
{
    /// <summary>The model hyper-parameters of <paramref name="model"/> under this preset.</summary>
    public ModelConfig ModelFor(string model) =>
        ByModel.TryGetValue(ModelRegistry.Get(model).Name, out ModelDefaults? d) ? ModelConfigOverrides.Apply(Model, d.Settings) : Model;

    /// <summary>The training defaults of <paramref name="model"/> under this preset.</summary>
    public PretrainOptions TrainingFor(string model) =>
        ByModel.TryGetValue(ModelRegistry.Get(model).Name, out ModelDefaults? d) && d.Training is not null ? d.Training : Training;
}

/// <summary>
/// The presets by name (DESIGN.md section 6: batch size and learning rate come from the preset): the one list that the
/// library, the CLI's allowed values and its help texts read.
/// </summary>
public static class Presets
{
    // tiny's peak rate, 1.5e-3, as MAE's base rate per 256 ECGs at batch 4 (base * 4 / 256).
    private const double TinyBaseLearningRate = 0.096;

    /// <summary>
    /// tiny on 2 CPU cores. A run of a few thousand ECGs is limited by steps, not ECGs (masked models sit at the mean
    /// level for the first few hundred steps, then learn), so small batches give more steps per epoch at nearly the
    /// same ECG/s: batch 4 (docs/pretraining.md, "How tiny's defaults were chosen"). The contrastive model needs
    /// negatives: with 4 ECGs a step InfoNCE has 3 and learns little, so it takes 64 at the same peak rate. The MAE
    /// baselines keep a 1-block decoder (a 3-block one made mae-lead's representation worse) and mae-lead trains at twice
    /// the rate, its best of three (docs/pretraining.md, "How the defaults were chosen for the representation").
    /// </summary>
    public static Preset Tiny { get; } = new(ModelConfig.Tiny.Name, "100 Hz, CPU", ModelConfig.Tiny,
        new PretrainOptions { BatchSize = 4, BaseLearningRate = TinyBaseLearningRate },
        new Dictionary<string, ModelDefaults>
        {
            [ModelNames.MaeLead] = new(["decoder_depth=1"], new PretrainOptions { BatchSize = 4, BaseLearningRate = 2 * TinyBaseLearningRate }),
            [ModelNames.MaeJoint] = new(["decoder_depth=1"]),
            [ModelNames.Contrastive] = new([], new PretrainOptions { BatchSize = 64, BaseLearningRate = TinyBaseLearningRate * 4 / 64 }),
        });

    /// <summary>base for a GPU on MIMIC-IV-ECG: MAE's 256 ECGs per step and base rate 1.5e-4 for every model.</summary>
    public static Preset Base { get; } = new(ModelConfig.Base.Name, "250 Hz, GPU", ModelConfig.Base, new PretrainOptions(), new Dictionary<string, ModelDefaults>());

    /// <summary>Every preset, the default first.</summary>
    public static IReadOnlyList<Preset> All { get; } = [Tiny, Base];

    /// <summary>Every preset name.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(p => p.Name).ToArray();

    /// <summary>The preset called <paramref name="name"/> (case and surrounding spaces ignored).</summary>
    public static Preset Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(p => p.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown preset '{name}'; use one of {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>
    /// The training defaults of <paramref name="model"/> for a model config: its preset's when
    /// <see cref="ModelConfig.Name"/> names one, else MAE's (a custom config).
    /// </summary>
    public static PretrainOptions TrainingFor(ModelConfig config, string model)
    {
        ArgumentNullException.ThrowIfNull(config);
        Preset? preset = All.FirstOrDefault(p => p.Name == config.Name);
        return preset?.TrainingFor(model) ?? new PretrainOptions();
    }

    /// <summary>"tiny (100 Hz, CPU), base (250 Hz, GPU)": every preset with its summary, for help texts.</summary>
    public static string Summaries => string.Join(", ", All.Select(p => $"{p.Name} ({p.Summary})"));

    /// <summary>"tiny 0.75, base 0.75": a value of every preset, for help texts.</summary>
    public static string Describe(Func<Preset, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.Join(", ", All.Select(p => $"{p.Name} {Format(value(p))}"));
    }

    /// <summary>"tiny 4 (contrastive 64), base 256": a training default of every preset, and where a model differs, for help texts.</summary>
    public static string DescribeTraining(Func<PretrainOptions, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.Join(", ", All.Select(p =>
        {
            string main = Format(value(p.Training));
            string[] others = p.ByModel.Where(m => m.Value.Training is { } t && Format(value(t)) != main)
                .Select(m => $"{m.Key} {Format(value(m.Value.Training!))}").ToArray();
            return others.Length == 0 ? $"{p.Name} {main}" : $"{p.Name} {main} ({string.Join(", ", others)})";
        }));
    }

    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}

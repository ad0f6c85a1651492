using System.Globalization;
using Lamae.Models;

namespace Lamae.Training;

/// <summary>One preset: the model's hyper-parameters and how to train it, by model where models differ.</summary>
/// <param name="Name">The name on the command line (<c>--preset</c>) and in <see cref="ModelConfig.Name"/>.</param>
/// <param name="Summary">One line for help texts.</param>
/// <param name="Model">The model hyper-parameters.</param>
/// <param name="Training">Training defaults of the masked models.</param>
/// <param name="ContrastiveTraining">Training defaults of the contrastive model, whose InfoNCE needs the rest of the batch as negatives.</param>
public sealed record Preset(string Name, string Summary, ModelConfig Model, PretrainOptions Training, PretrainOptions ContrastiveTraining)
{
    /// <summary>The training defaults of <paramref name="model"/> under this preset.</summary>
    public PretrainOptions TrainingFor(string model) =>
        ModelRegistry.Get(model).Name == ModelNames.Contrastive ? ContrastiveTraining : Training;
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
    /// negatives: with 4 ECGs a step InfoNCE has 3 and learns little, so it takes 64 at the same peak rate.
    /// </summary>
    public static Preset Tiny { get; } = new(ModelConfig.Tiny.Name, "100 Hz, CPU", ModelConfig.Tiny,
        new PretrainOptions { BatchSize = 4, BaseLearningRate = TinyBaseLearningRate },
        new PretrainOptions { BatchSize = 64, BaseLearningRate = TinyBaseLearningRate * 4 / 64 });

    /// <summary>base for a GPU on MIMIC-IV-ECG: MAE's 256 ECGs per step and base rate 1.5e-4 for every model.</summary>
    public static Preset Base { get; } = new(ModelConfig.Base.Name, "250 Hz, GPU", ModelConfig.Base, new PretrainOptions(), new PretrainOptions());

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

    /// <summary>"tiny 4 (contrastive 64), base 256": a training default of every preset, for help texts.</summary>
    public static string DescribeTraining(Func<PretrainOptions, double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.Join(", ", All.Select(p =>
        {
            string main = Format(value(p.Training)), contrastive = Format(value(p.ContrastiveTraining));
            return contrastive == main ? $"{p.Name} {main}" : $"{p.Name} {main} ({ModelNames.Contrastive} {contrastive})";
        }));
    }

    private static string Format(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}

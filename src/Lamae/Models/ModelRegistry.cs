namespace Lamae.Models;

/// <summary>The model names (<c>--model</c>), as constants for code that names one model.</summary>
public static class ModelNames
{
    /// <summary>LAMAE itself.</summary>
    public const string Lamae = "lamae";

    /// <summary>Independent-lead masked modelling.</summary>
    public const string MaeLead = "mae-lead";

    /// <summary>Joint masked modelling over all leads' tokens (ST-MEM-style).</summary>
    public const string MaeJoint = "mae-joint";

    /// <summary>Contrastive alignment of two lead subsets.</summary>
    public const string Contrastive = "contrastive";

    /// <summary>LAMAE with its initial weights: the untrained floor.</summary>
    public const string Random = "random";
}

/// <summary>One kind of model: its name, what it is, whether it is pretrained, and how to build it.</summary>
/// <param name="Name">The name on the command line and in run folders.</param>
/// <param name="Summary">One line for help texts.</param>
/// <param name="Pretrains">False for the untrained floor, which is evaluated as built.</param>
/// <param name="Create">Builds the model with weights from torch's global generator.</param>
public sealed record ModelKind(string Name, string Summary, bool Pretrains, Func<ModelConfig, PretrainModel> Create);

/// <summary>
/// Every model by name: LAMAE and its baselines. The one list that the library, the CLI's allowed values and its help
/// texts read, so a new model is added here and nowhere else.
/// </summary>
public static class ModelRegistry
{
    /// <summary>Every model, LAMAE first.</summary>
    public static IReadOnlyList<ModelKind> All { get; } =
    [
        new(ModelNames.Lamae, "LAMAE: latent attention across leads, adaptive lead weights", true, c => new LamaeModel(c)),
        new(ModelNames.MaeLead, "masked autoencoder, each lead on its own", true, c => new MaeModel(c, MaeScope.Lead)),
        new(ModelNames.MaeJoint, "masked autoencoder, all leads' tokens in one sequence", true, c => new MaeModel(c, MaeScope.Joint)),
        new(ModelNames.Contrastive, "InfoNCE between two lead subsets of each ECG", true, c => new ContrastiveModel(c)),
        new(ModelNames.Random, "untrained LAMAE, the floor", false, c => new LamaeModel(c)),
    ];

    /// <summary>Every model name.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(k => k.Name).ToArray();

    /// <summary>The names of the models that pretrain (all but the untrained floor).</summary>
    public static IReadOnlyList<string> PretrainableNames { get; } = All.Where(k => k.Pretrains).Select(k => k.Name).ToArray();

    /// <summary>"lamae (LAMAE: ...), mae-lead (...)": every pretrainable model with its summary, for help texts.</summary>
    public static string PretrainableSummaries => string.Join(", ", All.Where(k => k.Pretrains).Select(k => $"{k.Name} ({k.Summary})"));

    /// <summary>The model called <paramref name="name"/> (case and surrounding spaces ignored).</summary>
    public static ModelKind Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(k => k.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown model '{name}'; use one of {string.Join(", ", Names)}", nameof(name));
    }

    /// <summary>A new model called <paramref name="name"/> with weights from torch's global generator.</summary>
    public static PretrainModel Create(string name, ModelConfig config) => Get(name).Create(config);
}

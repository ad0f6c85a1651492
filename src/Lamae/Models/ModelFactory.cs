namespace Lamae.Models;

/// <summary>The models by their command-line names (<c>--model</c>).</summary>
public static class ModelFactory
{
    /// <summary>Every model name: LAMAE and its baselines.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lamae", "mae-lead", "mae-joint", "contrastive", "random"];

    /// <summary>
    /// A new model with weights from torch's global generator. <c>random</c> is LAMAE itself; it is the untrained
    /// floor, so the engine evaluates it without pretraining.
    /// </summary>
    public static IPretrainModel Create(string name, ModelConfig config) => name.Trim().ToLowerInvariant() switch
    {
        "lamae" or "random" => new LamaeModel(config),
        "mae-lead" => new MaeModel(config, MaeScope.Lead),
        "mae-joint" => new MaeModel(config, MaeScope.Joint),
        "contrastive" => new ContrastiveModel(config),
        _ => throw new ArgumentException($"unknown model '{name}'; use one of {string.Join(", ", Names)}", nameof(name)),
    };
}

using System.Text.RegularExpressions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Training;

/// <summary>Which parameters get AdamW's decoupled weight decay, and the optimiser hyper-parameters.</summary>
public sealed record OptimizerSettings
{
    /// <summary>Decoupled weight decay on matrices (DESIGN.md section 6; MAE pretraining uses 0.05).</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>AdamW betas; MAE pretraining uses (0.9, 0.95), steadier than PyTorch's 0.999 at large batch.</summary>
    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.95;

    /// <summary>PyTorch's default.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>
    /// Regular expressions over the full parameter name (<c>encoder.latents</c>); a match means no decay.
    /// The defaults cover what is neither 1-D nor inside a norm or embedding module: learned latents, mask and
    /// class tokens, learned position tables (timm's <c>no_weight_decay</c> list), and biases by name.
    /// </summary>
    public IReadOnlyList<string> NoDecayNamePatterns { get; init; } =
    [
        @"(^|\.)bias$",
        @"(^|\.)latents?$",
        @"(^|\.)mask_tokens?$",
        @"(^|\.)cls_token$",
        @"(^|\.)pos_embed(ding)?$",
    ];

    /// <summary>1-D parameters (norm gains, biases, single tokens) are never decayed, as in timm and nanoGPT.</summary>
    public bool NoDecayForOneDimensional { get; init; } = true;

    /// <summary>Parameters owned by a normalisation or embedding-table module are never decayed.</summary>
    public bool NoDecayForNormAndEmbeddingModules { get; init; } = true;
}

/// <summary>One parameter and, when it is not decayed, why.</summary>
public sealed record NamedParameter(string Name, Parameter Parameter, string? NoDecayReason);

/// <summary>A module's parameters split into the decayed and the not-decayed group, in state_dict order.</summary>
public sealed class ParameterGroups
{
    private ParameterGroups(IReadOnlyList<NamedParameter> decay, IReadOnlyList<NamedParameter> noDecay, OptimizerSettings settings)
    {
        Decay = decay;
        NoDecay = noDecay;
        Settings = settings;
    }

    public IReadOnlyList<NamedParameter> Decay { get; }

    public IReadOnlyList<NamedParameter> NoDecay { get; }

    public OptimizerSettings Settings { get; }

    /// <summary>Splits the trainable parameters of <paramref name="module"/> (frozen ones are left out).</summary>
    public static ParameterGroups Split(nn.Module module, OptimizerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        settings ??= new OptimizerSettings();
        var patterns = settings.NoDecayNamePatterns
            .Select(p => new Regex(p, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)))
            .ToArray();

        var ownerKind = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.NoDecayForNormAndEmbeddingModules)
        {
            foreach (var (moduleName, sub) in module.named_modules())
            {
                string? kind = ModuleKind(sub);
                if (kind is null)
                {
                    continue;
                }

                foreach (var (paramName, _) in sub.named_parameters(recurse: true))
                {
                    ownerKind[$"{moduleName}.{paramName}"] = kind;
                }
            }
        }

        var decay = new List<NamedParameter>();
        var noDecay = new List<NamedParameter>();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (!parameter.requires_grad)
            {
                continue;
            }

            string? reason = null;
            if (ownerKind.TryGetValue(name, out string? kind))
            {
                reason = kind;
            }
            else if (settings.NoDecayForOneDimensional && parameter.dim() <= 1)
            {
                reason = "1-D";
            }
            else if (patterns.FirstOrDefault(r => r.IsMatch(name)) is { } match)
            {
                reason = $"name matches {match}";
            }

            (reason is null ? decay : noDecay).Add(new NamedParameter(name, parameter, reason));
        }

        return new ParameterGroups(decay, noDecay, settings);
    }

    /// <summary>
    /// AdamW with two parameter groups: decayed (weight_decay = settings) and not decayed (0). TorchSharp's
    /// AdamW applies decay decoupled, <c>p *= 1 - lr * wd</c> before the Adam update (Loshchilov and Hutter).
    /// The learning rate is a placeholder until <see cref="LearningRateSchedule.Apply"/> sets it each step. The step
    /// runs on flat buffers (<see cref="FlatAdamW"/>): the same arithmetic, a few operations per group.
    /// </summary>
    public AdamW CreateAdamW(double learningRate)
    {
        // Lists, not lazy queries: TorchSharp enumerates a group's Parameters on every step and save.
        var groups = new List<AdamW.ParamGroup>();
        if (Decay.Count > 0)
        {
            groups.Add(Group(Decay, learningRate, Settings.WeightDecay));
        }

        if (NoDecay.Count > 0)
        {
            groups.Add(Group(NoDecay, learningRate, 0.0));
        }

        if (groups.Count == 0)
        {
            throw new ArgumentException("the module has no trainable parameters", nameof(learningRate));
        }

        return FlatAdamW.Create(groups, learningRate, Settings.Beta1, Settings.Beta2, Settings.Epsilon);
    }

    private AdamW.ParamGroup Group(IReadOnlyList<NamedParameter> members, double learningRate, double weightDecay) =>
        new(members.Select(m => m.Parameter).ToList(), lr: learningRate, beta1: Settings.Beta1, beta2: Settings.Beta2,
            eps: Settings.Epsilon, weight_decay: weightDecay);

    private static string? ModuleKind(nn.Module module) => module switch
    {
        Embedding => "Embedding",
        EmbeddingBag => "EmbeddingBag",
        LayerNorm => "LayerNorm",
        GroupNorm => "GroupNorm",
        NormBase => module.GetType().Name,
        _ => null,
    };
}

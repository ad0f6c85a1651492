using Lamae.Evaluation.Labels;
using Lamae.Training;

namespace Lamae.FineTuning;

/// <summary>Where a fine-tuned encoder starts: a pretraining run's weights, or fresh weights (from scratch).</summary>
/// <param name="Run">The run folder whose weights are loaded; null from scratch.</param>
/// <param name="Model">The model kind and hyper-parameters.</param>
public sealed record FinetuneSource(string? Run, ModelSpec Model)
{
    /// <summary>Whether the encoder starts from pretrained weights.</summary>
    public bool Pretrained => Run is not null;

    /// <summary>"fine-tuned" or "from scratch", as the tables say it.</summary>
    public string Kind => Pretrained ? FinetuneKinds.FineTuned : FinetuneKinds.FromScratch;
}

/// <summary>The kinds of rows an evaluation table holds.</summary>
public static class FinetuneKinds
{
    /// <summary>A pretrained encoder trained further with a head on the labels.</summary>
    public const string FineTuned = "fine-tuned";

    /// <summary>The same network trained on the labels from its initial weights: the supervised reference.</summary>
    public const string FromScratch = "from scratch";
}

/// <summary>The label set a fine-tune trains on: its name, how codes were kept, and the codes.</summary>
public sealed record FinetuneLabels(string Name, int MinPatients, string? Table, IReadOnlyList<string> Codes)
{
    /// <summary>The options that rebuild the same label set.</summary>
    public LabelSetOptions Options => new() { MinPatients = MinPatients, Table = Table };
}

/// <summary>Everything that made a fine-tune, as stored in its folder's config.json and every checkpoint.</summary>
/// <param name="Name">The row's name in tables ("lamae-ft", "lamae-scratch").</param>
/// <param name="Source">Where the encoder starts.</param>
/// <param name="Labels">What it learns to predict.</param>
/// <param name="Options">How it trains.</param>
/// <param name="Cache">The labelled records.</param>
public sealed record FinetuneConfig(string Name, FinetuneSource Source, FinetuneLabels Labels, FinetuneOptions Options, CacheIdentity Cache);

using Lamae.Evaluation.Labels;

namespace Lamae.Evaluation.Probing;

/// <summary>Every test prediction of a probe: <c>Scores[embedding][fraction][seed][code][i]</c> for test record <c>Test[i]</c>.</summary>
public sealed record ProbePredictions(
    IReadOnlyList<ProbeEmbedding> Embeddings,
    IReadOnlyList<double> Fractions,
    IReadOnlyList<int> Seeds,
    IReadOnlyList<int> Test,
    IReadOnlyList<EmbeddedRecord> Records,
    LabelSet Labels,
    double[][][][][] Scores);

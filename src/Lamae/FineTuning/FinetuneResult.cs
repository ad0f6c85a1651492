namespace Lamae.FineTuning;

/// <summary>
/// finetune.json, written last: what was fine-tuned, each part's summary, and the test macro AUROC of the pooled
/// predictions (a point value; intervals and paired differences come from <c>lamae probe --finetuned</c>).
/// </summary>
/// <param name="Config">What made it.</param>
/// <param name="Parts">Each part's summary (without its scores, which are in predictions.csv).</param>
/// <param name="TestAuroc">Macro AUROC over the pooled test predictions; null when undefined.</param>
/// <param name="TestRecords">Test records predicted (every record once under cv).</param>
/// <param name="CodeVersion">The Lamae version.</param>
/// <param name="CreatedUtc">When it finished.</param>
/// <param name="Seconds">Wall time of this call (a resumed run counts its last session).</param>
public sealed record FinetuneResult(
    FinetuneConfig Config,
    IReadOnlyList<FinetunePart> Parts,
    double? TestAuroc,
    int TestRecords,
    string CodeVersion,
    DateTime CreatedUtc,
    double Seconds);

using Lamae.Core;
using Lamae.Io.Datasets;

namespace Lamae.Cache;

/// <summary>One record of a cache's index: where its samples are and what is known about it.</summary>
/// <param name="RecordId">The record's id in its dataset.</param>
/// <param name="SubjectId">The patient (the record id when the dataset does not say, so splits stay patient-wise).</param>
/// <param name="Shard">Shard file number.</param>
/// <param name="Slot">Position inside the shard.</param>
/// <param name="LeadMask">Bit l set when canonical lead l was recorded.</param>
/// <param name="FlatMask">Bit l set when lead l was flagged flat (stored as zeros).</param>
/// <param name="SourceSeconds">Duration before crop or pad.</param>
/// <param name="Scale">Int16 storage: physical = stored x scale; float16 storage: 1.</param>
/// <param name="Fold">Patient-wise fold (the dataset's own stratified fold when it has one, else a hash of the subject).</param>
/// <param name="Split">Train, validation or test, from the fold.</param>
/// <param name="Labels">Label codes.</param>
/// <param name="Age">Age in years, when known.</param>
/// <param name="Sex">Sex, when known.</param>
public sealed record CacheRecord(
    string RecordId,
    string SubjectId,
    int Shard,
    int Slot,
    ushort LeadMask,
    ushort FlatMask,
    float SourceSeconds,
    float Scale,
    int Fold,
    DatasetSplit Split,
    IReadOnlyList<string> Labels,
    double? Age,
    Sex Sex)
{
    /// <summary>Whether canonical lead <paramref name="lead"/> was recorded.</summary>
    public bool Has(Lead lead) => (LeadMask & (1 << (int)lead)) != 0;
}

/// <summary>A record that could not be cached, and why.</summary>
public sealed record CacheFailure(string RecordId, string Reason);

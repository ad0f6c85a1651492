namespace Lamae.Evaluation.Probing;

/// <summary>The parts of a protocol over an embeddings folder's records, checked to keep every patient in one part.</summary>
public static class ProbeSplits
{
    /// <summary>The split names of records.csv.</summary>
    public const string Train = "train", Validation = "validation", Test = "test";

    /// <summary>
    /// The parts of <paramref name="protocol"/>: one for <see cref="ProbeProtocol.Folds"/>; <paramref name="cvParts"/>
    /// for <see cref="ProbeProtocol.Cv"/>, the sorted distinct folds dealt round-robin into parts. Throws a
    /// <see cref="LamaeException"/> when a patient's records lie in two folds or splits, or a part is empty.
    /// </summary>
    public static IReadOnlyList<ProbePart> Of(IReadOnlyList<EmbeddedRecord> records, ProbeProtocol protocol, int cvParts = 5)
    {
        ArgumentNullException.ThrowIfNull(records);
        CheckPatientWise(records);
        IReadOnlyList<ProbePart> parts = protocol switch
        {
            ProbeProtocol.Folds => [Folds(records)],
            ProbeProtocol.Cv => Cv(records, cvParts),
            _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
        };
        foreach (ProbePart p in parts)
        {
            foreach ((int[] rows, string what) in new[] { (p.Train, "training"), (p.Validation, "validation"), (p.Test, "test") })
            {
                if (rows.Length == 0)
                {
                    throw new LamaeException($"protocol {protocol.ToString().ToLowerInvariant()}, {p.Name}: no {what} records"
                        + (protocol == ProbeProtocol.Folds ? "; a cache without a test split needs --protocol cv" : string.Empty));
                }
            }
        }

        return parts;
    }

    private static ProbePart Folds(IReadOnlyList<EmbeddedRecord> records) => new(
        "folds",
        Rows(records, r => r.Split == Train),
        Rows(records, r => r.Split == Validation),
        Rows(records, r => r.Split == Test));

    private static ProbePart[] Cv(IReadOnlyList<EmbeddedRecord> records, int parts)
    {
        int[] folds = records.Select(r => r.Fold).Where(f => f >= 0).Distinct().Order().ToArray();
        if (parts < 3)
        {
            throw new LamaeException($"--cv-folds {parts}: cross-validation needs at least 3 parts (train, validation, test)");
        }

        if (folds.Length < parts)
        {
            throw new LamaeException($"--cv-folds {parts}: the records have only {folds.Length} patient-wise folds; use at most {folds.Length}");
        }

        var partOf = folds.Select((f, i) => (f, i % parts)).ToDictionary(x => x.f, x => x.Item2);
        return Enumerable.Range(0, parts).Select(k =>
        {
            int validation = (k + 1) % parts;
            return new ProbePart(
                $"cv {k + 1}/{parts}",
                Rows(records, r => r.Fold >= 0 && partOf[r.Fold] != k && partOf[r.Fold] != validation),
                Rows(records, r => r.Fold >= 0 && partOf[r.Fold] == validation),
                Rows(records, r => r.Fold >= 0 && partOf[r.Fold] == k));
        }).ToArray();
    }

    private static int[] Rows(IReadOnlyList<EmbeddedRecord> records, Func<EmbeddedRecord, bool> where) =>
        Enumerable.Range(0, records.Count).Where(i => where(records[i])).ToArray();

    private static void CheckPatientWise(IReadOnlyList<EmbeddedRecord> records)
    {
        var first = new Dictionary<string, EmbeddedRecord>(StringComparer.Ordinal);
        foreach (EmbeddedRecord r in records)
        {
            if (!first.TryGetValue(r.Patient, out EmbeddedRecord? seen))
            {
                first[r.Patient] = r;
            }
            else if (seen.Fold != r.Fold || seen.Split != r.Split)
            {
                throw new LamaeException($"patient {r.Patient} has records in fold {seen.Fold} ({seen.Split}, record {seen.Record}) and fold {r.Fold} ({r.Split}, record {r.Record}); the probe needs patient-wise folds");
            }
        }
    }
}

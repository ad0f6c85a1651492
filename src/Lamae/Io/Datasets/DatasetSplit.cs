namespace Lamae.Io.Datasets;

/// <summary>Where a record goes in a dataset's published benchmark split.</summary>
public enum DatasetSplit
{
    /// <summary>No split field, or a fold outside the benchmark's folds.</summary>
    None = 0,
    Train = 1,
    Validation = 2,
    Test = 3,
}

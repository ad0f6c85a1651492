namespace Lamae.Reconstruction;

/// <summary>Which records of the evaluation cache <c>lamae reconstruct</c> rebuilds (<c>--split</c>).</summary>
public enum ReconstructionSplit
{
    /// <summary>Validation and test: the records a linear map fitted on the same cache's training split never saw.</summary>
    Eval,

    /// <summary>The test split.</summary>
    Test,

    /// <summary>The validation split.</summary>
    Validation,

    /// <summary>The training split (only when the linear map is fitted on another cache).</summary>
    Train,

    /// <summary>Every record (only when the linear map is fitted on another cache).</summary>
    All,
}

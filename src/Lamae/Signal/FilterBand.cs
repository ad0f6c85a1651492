namespace Lamae.Signal;

/// <summary>Which frequencies a filter passes (SciPy's <c>btype</c>).</summary>
public enum FilterBand
{
    /// <summary>Below the cut-off.</summary>
    LowPass,

    /// <summary>Above the cut-off.</summary>
    HighPass,

    /// <summary>Between the low and high cut-offs.</summary>
    BandPass,
}

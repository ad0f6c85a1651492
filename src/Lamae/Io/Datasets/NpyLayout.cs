namespace Lamae.Io.Datasets;

/// <summary>Which axis of a 2-D ECG array holds time and which the leads.</summary>
public enum NpyLayout
{
    /// <summary>Shape (T, L): one row per sample, one column per lead ("time-leads"; PTB-XL as NumPy code usually stores it).</summary>
    TimeLeads,

    /// <summary>Shape (L, T): one row per lead ("leads-time"; as WFDB's p_signal.T and PyTorch [C, T] tensors).</summary>
    LeadsTime,
}

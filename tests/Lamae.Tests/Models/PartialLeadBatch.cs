using Lamae.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Lamae.Tests.Models;

/// <summary>Random ECGs that lack some leads, as the model tests need them.</summary>
internal static class PartialLeadBatch
{
    /// <summary>
    /// [B, 12, T] signals where each lead is present with chance <paramref name="keep"/> (lead <paramref name="alwaysLead"/>
    /// in every ECG) and absent leads are zeros; <paramref name="singleLead"/> leaves one ECG with that lead alone. All
    /// draws come from <paramref name="generator"/>, present mask first. -> signals, canonical lead ids [B, 12], present [B, 12].
    /// </summary>
    public static (Tensor Signals, Tensor LeadIds, Tensor Present) Draw(Generator generator, int batch, int samples, double keep, int alwaysLead, (int Ecg, int Lead)? singleLead = null)
    {
        Tensor present = rand([batch, 12], generator: generator).lt(keep);
        present[.., alwaysLead] = true;
        if (singleLead is { } single)
        {
            present[single.Ecg] = false;
            present[single.Ecg, single.Lead] = true;
        }

        Tensor signals = randn([batch, 12, samples], generator: generator).mul(present.unsqueeze(-1));
        return (signals, LamaeModel.CanonicalLeadIds(batch), present);
    }
}

using System.Security.Cryptography;
using System.Text;
using Lamae.Io.Datasets;

namespace Lamae.Cache;

/// <summary>
/// Patient-wise folds and splits for cached records. Datasets with their own stratified, patient-wise folds keep them
/// (PTB-XL strat_fold 1-10: 1-8 train, 9 validation, 10 test; MIMIC-IV-ECG-Ext-ICD strat_fold 0-19: 0-17, 18, 19).
/// Others get fold = hash(subject) mod 10 (0-7 train, 8 validation, 9 test), so one patient is never in two splits.
/// </summary>
public static class PatientFolds
{
    /// <summary>Folds when a dataset has none of its own.</summary>
    public const int HashFolds = 10;

    /// <summary>The fold and split of <paramref name="record"/> of dataset kind <paramref name="dataset"/>, whose patient is <paramref name="subject"/>.</summary>
    public static (int Fold, DatasetSplit Split) Assign(string dataset, EcgRecordInfo record, string subject)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Split("strat_fold") is { } fold)
        {
            if (dataset.Equals(DatasetKinds.PtbXl, StringComparison.OrdinalIgnoreCase))
            {
                return (fold, PtbXlDataset.SplitOf(record));
            }

            if (dataset.Equals(DatasetKinds.Mimic, StringComparison.OrdinalIgnoreCase))
            {
                return (fold, MimicEcgDataset.SplitOf(record));
            }
        }

        int h = HashFold(subject);
        return (h, h < 8 ? DatasetSplit.Train : h == 8 ? DatasetSplit.Validation : DatasetSplit.Test);
    }

    /// <summary>The MIMIC-IV-ECG-Ext-ICD split of a strat_fold (0-17 train, 18 validation, 19 test).</summary>
    public static DatasetSplit MimicSplit(int fold) => fold switch
    {
        >= 0 and <= 17 => DatasetSplit.Train,
        18 => DatasetSplit.Validation,
        19 => DatasetSplit.Test,
        _ => DatasetSplit.None,
    };

    /// <summary>A stable fold 0-9 from the subject id (the same on every machine and run).</summary>
    public static int HashFold(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(subject))) % HashFolds);
    }
}

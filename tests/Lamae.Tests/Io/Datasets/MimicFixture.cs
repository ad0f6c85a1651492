using System.Globalization;
using System.Text;
using Lamae.Core;
using Lamae.Io.Wfdb;

namespace Lamae.Tests.Io.Datasets;

/// <summary>
/// A small MIMIC-IV-ECG tree laid out as the release: files/pNNNN/pNNNNNNNN/sNNNNNNNN/NNNNNNNN.{hea,dat}, format 16,
/// 200 ADC units per mV, leads stored I II III aVR aVF aVL V1-V6, base time and date, plus record_list.csv and
/// MIMIC-IV-ECG-Ext-ICD's records_w_diag_icd10.csv with Python-list label cells.
/// </summary>
internal sealed class MimicFixture
{
    /// <summary>MIMIC-IV-ECG's lead order in its files (aVF before aVL).</summary>
    public static readonly Lead[] FileOrder =
        [Lead.I, Lead.II, Lead.III, Lead.aVR, Lead.aVF, Lead.aVL, Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5, Lead.V6];

    public const double Gain = 200;
    public const int Samples = 5000;

    public sealed record Study(string Subject, string StudyId, string Time, string Labels, int StratFold, string Gender, int Age);

    public static readonly Study[] Studies =
    [
        new("10000032", "40689238", "2180-07-23 08:44:00", "['I2109', 'E785']", 0, "F", 52),
        new("10000032", "44458630", "2180-07-23 09:54:00", "['I10']", 0, "F", 52),
        new("10000032", "49036311", "2180-08-06 09:07:00", "[]", 0, "F", 52),
        new("10000117", "45090959", "2183-09-18 13:52:00", "['I4891', 'I10', 'T360X1A']", 18, "F", 48),
        new("10000117", "48446569", "2183-09-19 08:14:00", "['I10']", 18, "F", 48),
        new("10000560", "41500560", "2189-10-15 11:02:00", "['E785', 'I2109']", 19, "M", 61),
        new("10000560", "42812560", "2189-10-16 07:40:00", "['I4891']", 19, "M", 61),
    ];

    public MimicFixture(string root)
    {
        Root = root;
        var list = new StringBuilder("subject_id,study_id,file_name,ecg_time,path\n");
        var diag = new StringBuilder("file_name,study_id,subject_id,ecg_time,ed_stay_id,ed_hadm_id,hosp_hadm_id,ed_diag_ed,ed_diag_hosp,hosp_diag_hosp,all_diag_hosp,all_diag_all,gender,age,anchor_year,anchor_age,dod,ecg_no_within_stay,ecg_taken_in_ed,ecg_taken_in_hosp,ecg_taken_in_ed_or_hosp,fold,strat_fold\n");
        var rng = new Random(20240917);
        foreach (Study s in Studies)
        {
            string rel = $"files/p{s.Subject[..4]}/p{s.Subject}/s{s.StudyId}/{s.StudyId}";
            var leads = Leads.All.ToDictionary(l => l, _ => Enumerable.Range(0, Samples).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray());
            var ecg = Ecg.FromLeads(500, leads, new EcgMetadata(s.StudyId));
            Signals[s.StudyId] = ecg;
            string[] dt = s.Time.Split(' ');
            string date = DateTime.ParseExact(dt[0], "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            WfdbWriter.Write(Path.Combine(root, Path.GetDirectoryName(rel)!), s.StudyId, ecg,
                new WfdbWriteOptions(Format: 16, Gain: Gain, LeadOrder: FileOrder, Comments: ["<subject_id>: " + s.Subject], BaseTime: dt[1], BaseDate: date));
            string fileName = $"mimic-iv-ecg-diagnostic-electrocardiogram-matched-subset-1.0/{rel}";
            list.Append(CultureInfo.InvariantCulture, $"{s.Subject},{s.StudyId},{fileName},{s.Time},{rel}\n");
            diag.Append(CultureInfo.InvariantCulture,
                $"{fileName},{s.StudyId},{s.Subject},{s.Time},,,,\"[]\",\"[]\",\"{s.Labels}\",\"{s.Labels}\",\"{s.Labels}\",{s.Gender},{s.Age},2180,50,,0,False,True,True,{s.StratFold},{s.StratFold}\n");
        }

        File.WriteAllText(Path.Combine(root, "record_list.csv"), list.ToString());
        File.WriteAllText(Path.Combine(root, "records_w_diag_icd10.csv"), diag.ToString());
    }

    public string Root { get; }

    public Dictionary<string, Ecg> Signals { get; } = [];
}

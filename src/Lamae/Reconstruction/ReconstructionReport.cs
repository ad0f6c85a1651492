using Lamae.Training;

namespace Lamae.Reconstruction;

/// <summary>
/// What <c>lamae reconstruct</c> found, written as reconstruction.json (last, so a folder without it is unfinished).
/// </summary>
/// <param name="Run">The run folder of the model.</param>
/// <param name="Model">The model kind and hyper-parameters.</param>
/// <param name="Domain">What the numbers are measured in (standardised signals; see <see cref="ReconstructionNotes"/>).</param>
/// <param name="Cache">The evaluation cache; null when one record was given.</param>
/// <param name="Split">The evaluation cache's records rebuilt (eval, test, validation, train, all); null for one record.</param>
/// <param name="Record">The WFDB record rebuilt; null for a cache.</param>
/// <param name="FitCache">The cache whose training split the linear maps were fitted on.</param>
/// <param name="Records">ECGs evaluated (before each set skips those that lack one of its kept leads).</param>
/// <param name="Sets">One entry per kept-lead set.</param>
/// <param name="Examples">The printouts and WFDB records written.</param>
/// <param name="Notes">How to read the numbers, with the published anchors.</param>
/// <param name="CodeVersion">The Lamae version that wrote it.</param>
public sealed record ReconstructionReport(
    string Run,
    ModelSpec Model,
    string Domain,
    CacheIdentity? Cache,
    string? Split,
    string? Record,
    CacheIdentity FitCache,
    int Records,
    IReadOnlyList<KeptSetReport> Sets,
    IReadOnlyList<ReconstructionExample> Examples,
    IReadOnlyList<string> Notes,
    string CodeVersion);

/// <summary>The results for one kept-lead set.</summary>
/// <param name="Kept">The kept leads, "I,II,V2".</param>
/// <param name="Missing">The rebuilt leads, canonical order.</param>
/// <param name="Records">ECGs that had every kept lead (the others are skipped).</param>
/// <param name="SkippedRecords">ECGs that lacked a kept lead.</param>
/// <param name="Methods">The model (named after it) first, then "linear".</param>
/// <param name="LinearMap">The linear map's coefficients.</param>
public sealed record KeptSetReport(
    string Kept,
    IReadOnlyList<string> Missing,
    int Records,
    int SkippedRecords,
    IReadOnlyList<MethodReport> Methods,
    LinearMapReport LinearMap);

/// <summary>One method's scores on one kept set.</summary>
/// <param name="Method">The model's name (lamae, mae-lead, mae-joint) or "linear".</param>
/// <param name="Leads">Per rebuilt lead, canonical order.</param>
/// <param name="Limb">Mean over the rebuilt limb leads of their scores; null when no limb lead was rebuilt.</param>
/// <param name="Precordial">Mean over the rebuilt precordial leads; null when none was rebuilt.</param>
public sealed record MethodReport(string Method, IReadOnlyList<LeadScore> Leads, GroupScore? Limb, GroupScore? Precordial);

/// <summary>One rebuilt lead's scores: means over the records whose truth has the lead.</summary>
/// <param name="Lead">The lead.</param>
/// <param name="Group">limb or precordial.</param>
/// <param name="Records">Records whose truth has the lead (RMSE is their mean).</param>
/// <param name="FlatSkipped">Of those, records whose true lead is flat in the window, left out of the mean r.</param>
/// <param name="MeanR">Mean Pearson r; null when no record had a varying true lead.</param>
/// <param name="MeanRmse">Mean RMSE in standardised units; null when no record had the lead.</param>
public sealed record LeadScore(string Lead, string Group, int Records, int FlatSkipped, double? MeanR, double? MeanRmse);

/// <summary>The mean of per-lead scores over one group of rebuilt leads (a mean of means: each lead counts once).</summary>
/// <param name="Leads">Rebuilt leads of the group with a score.</param>
/// <param name="MeanR">Mean of their mean r.</param>
/// <param name="MeanRmse">Mean of their mean RMSE.</param>
public sealed record GroupScore(int Leads, double? MeanR, double? MeanRmse);

/// <summary>The linear baseline of one kept set.</summary>
/// <param name="TrainingRecords">Training ECGs that had every kept lead.</param>
/// <param name="Targets">Per missing lead: weights per kept lead, intercept, records and samples fitted on.</param>
public sealed record LinearMapReport(int TrainingRecords, IReadOnlyList<LeadRegression> Targets);

/// <summary>One example written: the printout and the WFDB record of an ECG rebuilt from one kept set.</summary>
/// <param name="Kept">The kept set.</param>
/// <param name="Record">The record id.</param>
/// <param name="Plot">The PNG, relative to the output folder.</param>
/// <param name="Wfdb">The WFDB header (.hea), relative to the output folder.</param>
public sealed record ReconstructionExample(string Kept, string Record, string Plot, string Wfdb);

/// <summary>One row of per-record.csv.</summary>
/// <param name="Set">The kept set.</param>
/// <param name="Method">The model's name or "linear".</param>
/// <param name="Record">The record id.</param>
/// <param name="Lead">The rebuilt lead.</param>
/// <param name="R">Pearson r; null (an empty cell) when the true lead is flat.</param>
/// <param name="Rmse">RMSE in standardised units.</param>
public sealed record RecordScore(string Set, string Method, string Record, string Lead, double? R, double Rmse);

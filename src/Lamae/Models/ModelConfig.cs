namespace Lamae.Models;

/// <summary>How many whole leads an ECG loses during pretraining (DESIGN.md section 5, "Masking").</summary>
/// <param name="Probability">Chance that an ECG drops any leads at all; otherwise it keeps every present lead.</param>
/// <param name="MaxFraction">
/// Upper bound on the dropped share of the present leads. The count is drawn uniformly from
/// 1..min(floor(MaxFraction * L_present), L_present - 1), so at least one lead always stays visible.
/// </param>
public sealed record LeadDropoutSchedule(double Probability = 0.5, double MaxFraction = 0.75)
{
    /// <summary>No whole-lead dropout (the mae-lead baseline, evaluation).</summary>
    public static LeadDropoutSchedule None { get; } = new(0.0, 0.0);
}

/// <summary>Every hyper-parameter of the Lamae models; presets <see cref="Tiny"/> and <see cref="Base"/> (DESIGN.md section 5).</summary>
public sealed record ModelConfig
{
    /// <summary>Preset name, written into run folders.</summary>
    public string Name { get; init; } = "custom";

    /// <summary>Sampling rate (Hz) the model expects; the cache is built at this rate.</summary>
    public int SampleRate { get; init; } = 100; // 100 Hz keeps QRS (<= 40 Hz content) and is 5x cheaper than 500 Hz

    /// <summary>Samples per lead in one input window (T).</summary>
    public int Samples { get; init; } = 1000; // 10 s, the length of PTB-XL and MIMIC-IV-ECG records

    /// <summary>Samples per patch (P); T must be a multiple of it.</summary>
    public int PatchSize { get; init; } = 25; // 0.25 s at 100 Hz: about one QRS complex per patch

    /// <summary>Longest wavelength of the sin-cos time positions, in patches (the transformer's and MAE's 10000).</summary>
    public double PositionMaxPeriod { get; init; } = SinCosPositions.DefaultMaxPeriod;

    /// <summary>Encoder width (D).</summary>
    public int Dim { get; init; } = 128;

    /// <summary>Attention heads in the encoder and the latent rounds.</summary>
    public int Heads { get; init; } = 4; // head width 32

    /// <summary>Lead-wise encoder blocks (E_lead), weights shared by all leads.</summary>
    public int LeadDepth { get; init; } = 3;

    /// <summary>Latent attention rounds (E_lat): latents read all leads, think, leads read the latents back.</summary>
    public int LatentRounds { get; init; } = 2;

    /// <summary>
    /// Number of learned latents (K); one per patch (K = N) in both presets. Every cross-lead path runs through
    /// them, so they must carry what all leads say at each moment, which a few latents for the whole record cannot
    /// (measured in docs/pretraining.md, "How LAMAE's latents were chosen").
    /// </summary>
    public int Latents { get; init; } = 40;

    /// <summary>
    /// Give each latent the sin-cos time position of its anchor a_k = (k + 0.5) N / K - 0.5 (<see cref="TimeLocality"/>),
    /// so latents have a time identity like the tokens they read. A small help on its own terms; the locality bias
    /// below is what makes the latent route learn.
    /// </summary>
    public bool LatentTimeAnchors { get; init; } = true;

    /// <summary>
    /// Slope, per patch of time distance, of the first head's ALiBi bias between latents and tokens, halved for each
    /// further head (tiny's 4 heads: 4, 2, 1, 0.5); 0 = none. Used where tokens read latents and latents read tokens
    /// (latent rounds, decoder). The bias depends on time only, so leads remain an unordered set. Without it the
    /// time-anchored latents do not learn to carry each moment across leads; 4 was the best slope tried
    /// (docs/pretraining.md, "How LAMAE's latents were chosen").
    /// </summary>
    public double LatentLocality { get; init; } = 4.0;

    /// <summary>Decoder width (D_dec).</summary>
    public int DecoderDim { get; init; } = 96;

    /// <summary>
    /// Decoder blocks (E_dec). Three in tiny: with one, LAMAE's encoder output is shaped for rebuilding patches and its
    /// frozen representation probes worse (MAE's finding that a deeper decoder leaves the encoder more abstract; measured
    /// in docs/pretraining.md, "How the defaults were chosen for the representation"). The MAE baselines keep one
    /// (their preset defaults), which was better for them.
    /// </summary>
    public int DecoderDepth { get; init; } = 3;

    /// <summary>Decoder attention heads.</summary>
    public int DecoderHeads { get; init; } = 4; // head width 24 in tiny, 32 in base

    /// <summary>MLP hidden width as a multiple of the block width.</summary>
    public double MlpRatio { get; init; } = 4.0; // the transformer default (ViT, MAE)

    /// <summary>Share of each present lead's patches hidden from the encoder; exactly round(ratio * N) per lead.</summary>
    public double MaskRatio { get; init; } = 0.75; // MAE's default

    /// <summary>
    /// Chance that an ECG's leads all hide the same patches during pretraining (time-aligned masking) instead of each
    /// lead its own. With per-lead masks a hidden moment of one lead is usually visible in another, so a model that
    /// reads across leads can rebuild it by copying between leads at the same time; aligned masks make it model time.
    /// </summary>
    public double SharedPatchMask { get; init; }

    /// <summary>Whole-lead dropout during pretraining.</summary>
    public LeadDropoutSchedule LeadDropout { get; init; } = new();

    /// <summary>Normalise each target patch by its own mean and std before the loss (MAE's norm_pix_loss).</summary>
    public bool NormPixLoss { get; init; } // off: leads are already standardised, and patch amplitude carries ST/QRS information

    /// <summary>Hidden width of the lead-score MLP as a share of D.</summary>
    public double LeadScoreRatio { get; init; } = 0.25; // a small MLP: the score is one number per lead

    /// <summary>LayerNorm epsilon.</summary>
    public double NormEps { get; init; } = 1e-6; // MAE's partial(nn.LayerNorm, eps=1e-6)

    /// <summary>InfoNCE temperature of the contrastive baseline.</summary>
    public double ContrastiveTemperature { get; init; } = 0.1; // DESIGN.md section 5 (SimCLR's common choice)

    /// <summary>
    /// Gain of the patch embedding's Xavier-uniform initialisation. With P = 25 inputs and D = 128 outputs, plain
    /// Xavier (variance 2 / (P + D)) gives a standardised patch a token of variance ~0.33 per dimension, below the
    /// sin-cos position's 0.5, so at first attention sees mostly position; a gain of 3 (variance ~3) puts the signal
    /// first, which shortens tiny's initial plateau (docs/pretraining.md, "How the tiny training defaults were chosen").
    /// </summary>
    public double PatchEmbedGain { get; init; } = 3.0;

    /// <summary>
    /// Start every attention's key projection equal to its query projection (after Trockman and Kolter's mimetic
    /// initialisation), so attention first prefers similar tokens instead of averaging; it helped tiny LAMAE learn
    /// sooner with two seeds (docs/pretraining.md, "How the tiny training defaults were chosen").
    /// </summary>
    public bool MimeticAttention { get; init; } = true;

    /// <summary>Std of the normal initialisation of latents, mask token and lead embeddings.</summary>
    public double InitStd { get; init; } = 0.02; // MAE / timm

    /// <summary>Patches per lead (N = T / P).</summary>
    public int NumPatches => Samples / PatchSize;

    /// <summary>Patches hidden per present lead: round(MaskRatio * N), half to even like Python's round.</summary>
    public int NumMasked => (int)Math.Round(MaskRatio * NumPatches, MidpointRounding.ToEven);

    /// <summary>Visible patches per visible lead (N - NumMasked).</summary>
    public int NumVisible => NumPatches - NumMasked;

    /// <summary>tiny: trains in minutes on 2 CPU cores (DESIGN.md section 5).</summary>
    public static ModelConfig Tiny { get; } = new() { Name = "tiny" };

    /// <summary>
    /// micro: not a preset, the smallest consistent model (T 200, P 20: N 10, 8 masked, 2 visible; D 32, 2 heads, one
    /// block of each kind), whose forward and backward pass take milliseconds: the unit tests' model and the committed
    /// PyTorch-peer fixture's.
    /// </summary>
    public static ModelConfig Micro { get; } = new()
    {
        Name = "micro", SampleRate = 20, Samples = 200, PatchSize = 20, Dim = 32, Heads = 2, LeadDepth = 1,
        LatentRounds = 1, Latents = 4, DecoderDim = 32, DecoderHeads = 2, DecoderDepth = 1,
    };

    /// <summary>base: ViT-S-like at 250 Hz, for a GPU on MIMIC-IV-ECG (DESIGN.md section 5).</summary>
    public static ModelConfig Base { get; } = new()
    {
        Name = "base", SampleRate = 250, Samples = 2500, PatchSize = 50, Dim = 384, Heads = 6, LeadDepth = 8,
        LatentRounds = 4, Latents = 50, DecoderDim = 256, DecoderDepth = 4, DecoderHeads = 8,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent hyper-parameter.</summary>
    public ModelConfig Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Require(PatchSize > 0 && Samples > 0 && Samples % PatchSize == 0, $"Samples ({Samples}) must be a positive multiple of PatchSize ({PatchSize})");
        Require(Dim > 0 && Heads > 0 && Dim % Heads == 0, $"Dim ({Dim}) must be divisible by Heads ({Heads})");
        Require(DecoderDim > 0 && DecoderHeads > 0 && DecoderDim % DecoderHeads == 0, $"DecoderDim ({DecoderDim}) must be divisible by DecoderHeads ({DecoderHeads})");
        Require(LeadDepth >= 0 && LatentRounds >= 1 && Latents >= 1 && DecoderDepth >= 1, "LeadDepth >= 0, LatentRounds >= 1, Latents >= 1 and DecoderDepth >= 1 are needed");
        Require(MaskRatio >= 0 && MaskRatio < 1 && NumVisible >= 1, $"MaskRatio ({MaskRatio}) must leave at least one visible patch per lead");
        Require(ContrastiveTemperature > 0, "ContrastiveTemperature must be positive");
        Require(MlpRatio > 0 && LeadScoreRatio > 0, "MlpRatio and LeadScoreRatio must be positive");
        Require(PositionMaxPeriod > 1, "PositionMaxPeriod must exceed 1");
        Require(LatentLocality >= 0, "LatentLocality must not be negative");
        Require(PatchEmbedGain > 0 && InitStd > 0, "PatchEmbedGain and InitStd must be positive");
        Require(SharedPatchMask is >= 0 and <= 1, "SharedPatchMask must lie in [0, 1]");
        Require(LeadDropout.Probability is >= 0 and <= 1 && LeadDropout.MaxFraction is >= 0 and <= 1, "LeadDropout probability and max fraction must lie in [0, 1]");
        return this;
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Tests.Training;

/// <summary>
/// A small stand-in for the real models: an embedding table, pre-norm residual blocks with LayerNorm and Linear,
/// learned latents and a mask token, a head, and dropout drawn from its own generator. Parameters are registered
/// under PyTorch-style names (<c>encoder.blocks.0.fc.weight</c>).
/// </summary>
internal sealed class StandInModel : nn.Module<Tensor, Tensor, Tensor>
{
    public const int Width = 16;
    public const int Outputs = 4;

    private readonly Embedding leadEmbed;
    private readonly StandInEncoder encoder;
    private readonly Linear head;
    private readonly Parameter latents;
    private readonly Parameter maskToken;
    private readonly double dropout;

    /// <summary>Built from <paramref name="seed"/> through a private generator, so construction never touches the global one.</summary>
    public StandInModel(long seed, double dropout = 0.1)
        : base(nameof(StandInModel))
    {
        leadEmbed = nn.Embedding(12, Width);
        encoder = new StandInEncoder(2);
        head = nn.Linear(Width, Outputs);
        latents = new Parameter(torch.zeros(3, Width));
        maskToken = new Parameter(torch.zeros(1, 1, Width));
        this.dropout = dropout;
        register_module("lead_embed", leadEmbed);
        register_module("encoder", encoder);
        register_module("head", head);
        register_parameter("latents", latents);
        register_parameter("mask_token", maskToken);

        // Deterministic initialisation independent of torch's global generator (other tests run in parallel).
        using var g = new Generator((ulong)seed);
        using (torch.no_grad())
        using (NewDisposeScope())
        {
            foreach (var (_, p) in named_parameters())
            {
                p.copy_(torch.randn(p.shape, generator: g) * 0.3);
            }
        }
    }

    /// <summary>Generator for dropout masks; tests set it and save its state with checkpoints.</summary>
    public Generator? DropoutGenerator { get; set; }

    /// <param name="x">[B, Width] inputs.</param>
    /// <param name="leads">[B] lead indices, 0-11.</param>
    public override Tensor forward(Tensor x, Tensor leads)
    {
        var h = x + leadEmbed.forward(leads) + maskToken.reshape(1, Width); // [B, D]
        h = encoder.forward(h);                                              // [B, D]
        if (training && dropout > 0 && DropoutGenerator is not null)
        {
            var keep = torch.rand(h.shape, generator: DropoutGenerator).ge(dropout).to(h.dtype);
            h = h * keep / (1 - dropout);
        }

        h = h + latents.mean([0]);                                           // [B, D]
        return head.forward(h);                                              // [B, Outputs]
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            leadEmbed.Dispose();
            encoder.Dispose();
            head.Dispose();
            latents.Dispose();
            maskToken.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class StandInEncoder : nn.Module<Tensor, Tensor>
    {
        private readonly ModuleList<StandInBlock> blocks;

        public StandInEncoder(int depth)
            : base(nameof(StandInEncoder))
        {
            blocks = new ModuleList<StandInBlock>(Enumerable.Range(0, depth).Select(_ => new StandInBlock()).ToArray());
            register_module("blocks", blocks);
        }

        public override Tensor forward(Tensor x)
        {
            foreach (var block in blocks)
            {
                x = block.forward(x);
            }

            return x;
        }
    }

    private sealed class StandInBlock : nn.Module<Tensor, Tensor>
    {
        private readonly LayerNorm ln;
        private readonly Linear fc;

        public StandInBlock()
            : base(nameof(StandInBlock))
        {
            ln = nn.LayerNorm(Width);
            fc = nn.Linear(Width, Width);
            register_module("ln", ln);
            register_module("fc", fc);
        }

        public override Tensor forward(Tensor x) => x + nn.functional.gelu(fc.forward(ln.forward(x))); // [B, D]
    }
}

/// <summary>Deterministic batches for the stand-in model, drawn from a generator whose state checkpoints carry.</summary>
internal static class StandInData
{
    public const int BatchSize = 8;

    /// <summary>Inputs, lead indices and a target that depends on both, so the loss can fall.</summary>
    public static (Tensor X, Tensor Leads, Tensor Target) Batch(Generator g)
    {
        var x = torch.randn([BatchSize, StandInModel.Width], generator: g);
        var leads = torch.randint(0, 12, [BatchSize], generator: g);
        var target = x[.., ..StandInModel.Outputs].sin() + (leads.to(ScalarType.Float32) / 12).unsqueeze(1);
        return (x, leads, target);
    }
}

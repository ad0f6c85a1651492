using System.CommandLine;
using Lamae.Runtime;

namespace Lamae.Cli.Commands;

/// <summary>--precision fp32|bf16|auto, the same for every command that runs a model (pretrain, finetune, embed).</summary>
public static class PrecisionOption
{
    /// <summary>The option; <paramref name="keptInFp32"/> says what stays fp32 for this command ("master weights and the optimiser").</summary>
    public static Option<string> Create(string keptInFp32)
    {
        var option = new Option<string>("--precision")
        {
            Description = $"fp32, bf16 (matrix products, Linear layers and attention, in bf16; {keptInFp32} stay fp32), or auto (bf16 on CUDA or a CPU with AVX512_BF16/AMX, else fp32)",
            DefaultValueFactory = _ => PrecisionChoice.Fp32,
        };
        option.AcceptOnlyFromAmong([.. PrecisionChoice.Names]);
        return option;
    }
}

using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Training;

/// <summary>
/// AdamW whose step is a handful of operations per parameter group instead of a handful per parameter tensor
/// (the idea of apex's and PyTorch's fused and multi-tensor optimisers). Tiny LAMAE has 207 parameter tensors: TorchSharp's
/// AdamW runs about ten native calls on each of them, 17-25 ms a step on 2 cores, as long as a whole training step at batch 1.
/// </summary>
/// <remarks>
/// Each group's parameters, gradients and both moments live in four flat buffers; the parameters, their gradients and
/// the optimiser's per-parameter state are views into them, so everything else (the model, autograd, clipping,
/// checkpoints) sees ordinary tensors. The arithmetic is TorchSharp's AdamW's, operation by operation, so the weights are
/// bitwise the same; the state is TorchSharp's AdamW's, so checkpoints are read and written in its format.
/// </remarks>
public static class FlatAdamW
{
    /// <summary>AdamW over <paramref name="groups"/> (fp32 parameters on one device), flattened per group.</summary>
    public static TorchSharp.Modules.AdamW Create(IReadOnlyList<TorchSharp.Modules.AdamW.ParamGroup> groups, double learningRate, double beta1, double beta2, double eps) =>
        new AdamW(groups, learningRate, beta1, beta2, eps);

    /// <summary>
    /// The optimiser. Its type name is "AdamW" on purpose: TorchSharp writes an optimiser's type name into its saved state
    /// and checks it on loading, and the state is exactly TorchSharp's AdamW's, so checkpoints of either load into the other.
    /// </summary>
    public sealed class AdamW : TorchSharp.Modules.AdamW
    {
        private const long AlignValues = 16;  // 64 bytes of float32

        private readonly List<Buffers> flat = [];

        internal AdamW(IReadOnlyList<ParamGroup> groups, double learningRate, double beta1, double beta2, double eps)
            : base(groups, learningRate, beta1, beta2, eps)
        {
            using var noGrad = no_grad();
            foreach (ParamGroup group in groups)
            {
                flat.Add(Flatten(group));
            }
        }

        /// <summary>Sets every gradient to zero: one operation per group.</summary>
        public override void zero_grad()
        {
            foreach (Buffers b in flat)
            {
                b.Gradients.zero_();
            }
        }

        /// <summary>One AdamW step per group, on the flat buffers: the operations of TorchSharp's AdamW.step, in its order.</summary>
        public override Tensor step(Func<Tensor>? closure = null)
        {
            foreach (Buffers b in flat)
            {
                b.ThrowIfDetached();
            }

            return _step<ParamGroup>(group =>
            {
                Buffers b = flat.FirstOrDefault(f => ReferenceEquals(f.Group, group))
                    ?? throw new NotSupportedException("FlatAdamW: parameter groups added after the optimiser was made are not supported");
                Options options = group.Options;
                double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value, lr = options.LearningRate!.Value;
                long step = b.AdvanceSteps(_state);
                double biasCorrection1 = 1 - Math.Pow(beta1, step), biasCorrection2 = 1 - Math.Pow(beta2, step);
                b.Values.mul_(1 - lr * options.weight_decay!.Value);
                b.FirstMoment.mul_(beta1).add_(b.Gradients, alpha: 1 - beta1);
                b.SecondMoment.mul_(beta2).addcmul_(b.Gradients, b.Gradients, value: 1 - beta2);
                Tensor denominator = (b.SecondMoment.sqrt() / Math.Sqrt(biasCorrection2)).add_(options.eps!.Value);
                b.Values.addcdiv_(b.FirstMoment, denominator, value: -(lr / biasCorrection1));
            }, closure);
        }

        /// <summary>
        /// Throws <see cref="LamaeException"/> naming <paramref name="source"/> when loaded state has parameters of one group at
        /// different step counts: state from an optimiser that let some parameters skip steps, which this one cannot continue.
        /// </summary>
        public void ThrowIfStepsDiffer(string source)
        {
            foreach (Buffers b in flat)
            {
                b.ThrowIfStepsDiffer(_state, source);
            }
        }

        // Moves the group's parameters, gradients and moments into flat buffers and makes each one a view of its slice.
        private Buffers Flatten(ParamGroup group)
        {
            Options options = group.Options;
            if (options.amsgrad == true || options.maximize == true)
            {
                throw new ArgumentException("FlatAdamW supports neither amsgrad nor maximize");
            }

            List<Parameter> parameters = group.Parameters.ToList();
            if (parameters.Count == 0 || parameters.Any(p => p.dtype != ScalarType.Float32 || p.device.type != parameters[0].device.type || p.device.index != parameters[0].device.index))
            {
                throw new ArgumentException("FlatAdamW needs at least one parameter per group, all float32 on one device");
            }

            long total = parameters.Sum(p => Aligned(p.numel()));
            Device device = parameters[0].device;
            Tensor values = zeros(total, dtype: ScalarType.Float32, device: device);
            Tensor gradients = zeros(total, dtype: ScalarType.Float32, device: device);
            Tensor first = zeros(total, dtype: ScalarType.Float32, device: device);
            Tensor second = zeros(total, dtype: ScalarType.Float32, device: device);
            var offsets = new long[parameters.Count];
            long offset = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                Parameter p = parameters[i];
                long n = p.numel();
                long[] shape = p.shape;
                offsets[i] = offset;
                Tensor slot = values.narrow(0, offset, n).view(shape);
                slot.copy_(p);
                _ = p.set_(slot);
                slot.Dispose();
                using (Tensor? old = p.grad)
                {
                    Tensor grad = gradients.narrow(0, offset, n).view(shape);
                    if (old is not null)
                    {
                        grad.copy_(old);
                    }

                    p.grad = grad;
                }

                var state = (State)_state[p.Handle];
                state.exp_avg.Dispose();
                state.exp_avg_sq.Dispose();
                state.exp_avg = first.narrow(0, offset, n).view(shape);
                state.exp_avg_sq = second.narrow(0, offset, n).view(shape);
                offset += Aligned(n);
            }

            return new Buffers(group, parameters, offsets, values, gradients, first, second);
        }

        // Each slice starts a multiple of 64 bytes into its buffer (libtorch aligns the buffer itself to 64), as a tensor of
        // its own would, so vector kernels read aligned rows. The gaps stay zero in every buffer: AdamW keeps a zero weight
        // with a zero gradient at zero.
        private static long Aligned(long values) => (values + AlignValues - 1) / AlignValues * AlignValues;

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                foreach (Buffers b in flat)
                {
                    b.Dispose();
                }
            }
        }
    }

    // One group's flat buffers and where each parameter sits in them.
    private sealed record Buffers(TorchSharp.Modules.AdamW.ParamGroup Group, IReadOnlyList<Parameter> Parameters, long[] Offsets,
        Tensor Values, Tensor Gradients, Tensor FirstMoment, Tensor SecondMoment) : IDisposable
    {
        // Adds one to every parameter's step count (TorchSharp keeps one per parameter, all equal here) and returns it.
        public long AdvanceSteps(TorchSharp.Utils.OrderedDict<IntPtr, OptimizerState> state)
        {
            ThrowIfStepsDiffer(state, "the optimiser state");
            long step = 0;
            foreach (Parameter p in Parameters)
            {
                step = ++((TorchSharp.Modules.AdamW.State)state[p.Handle]).step;
            }

            return step;
        }

        // Only loaded state can fail this: one written by an optimiser that let some parameters skip steps.
        public void ThrowIfStepsDiffer(TorchSharp.Utils.OrderedDict<IntPtr, OptimizerState> state, string source)
        {
            long first = ((TorchSharp.Modules.AdamW.State)state[Parameters[0].Handle]).step;
            foreach (Parameter p in Parameters)
            {
                long step = ((TorchSharp.Modules.AdamW.State)state[p.Handle]).step;
                if (step != first)
                {
                    throw new LamaeException($"{source}: AdamW state has parameters of one group at different steps ({first} and {step}); one flat AdamW step cannot continue it exactly");
                }
            }
        }

        // A parameter or gradient that something replaced instead of updating in place would silently stop training.
        public void ThrowIfDetached()
        {
            IntPtr values = NativeMethods.THSStorage_data_ptr(Values.Handle), gradients = NativeMethods.THSStorage_data_ptr(Gradients.Handle);
            for (int i = 0; i < Parameters.Count; i++)
            {
                Parameter p = Parameters[i];
                using Tensor? grad = p.grad;
                if (NativeMethods.THSStorage_data_ptr(p.Handle) != values || p.storage_offset() != Offsets[i]
                    || grad is null || NativeMethods.THSStorage_data_ptr(grad.Handle) != gradients || grad.storage_offset() != Offsets[i])
                {
                    throw new InvalidOperationException($"FlatAdamW: parameter {i} ({string.Join("x", p.shape)}) or its gradient was replaced instead of updated in place, so the optimiser no longer sees it");
                }
            }
        }

        public void Dispose()
        {
            Values.Dispose();
            Gradients.Dispose();
            FirstMoment.Dispose();
            SecondMoment.Dispose();
        }
    }

    private static class NativeMethods
    {
        [DllImport("LibTorchSharp")]
        public static extern IntPtr THSStorage_data_ptr(IntPtr tensor);
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lamae.Common;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lamae.Training;

/// <summary>Where a run stands, saved with a checkpoint: what <c>--resume</c> needs besides weights and optimiser.</summary>
public sealed record CheckpointState
{
    /// <summary>Optimiser steps done, which is the 0-based index of the next step (and of its learning rate).</summary>
    public long Step { get; init; }

    /// <summary>The epoch the next batch belongs to (0-based).</summary>
    public int Epoch { get; init; }

    /// <summary>The index of the next batch within <see cref="Epoch"/>: the loader skips this many.</summary>
    public long BatchInEpoch { get; init; }

    /// <summary>
    /// Sum of the training losses of the <see cref="BatchInEpoch"/> steps done in <see cref="Epoch"/> so far, so a
    /// resumed epoch reports the mean over all its steps; null in checkpoints written before it was kept.
    /// </summary>
    public double? EpochLossSum { get; init; }

    /// <summary>The run's seed; per-purpose generators (order, masks, dropout) derive from it.</summary>
    public long Seed { get; init; }

    /// <summary>The run's full resolved config, as written to the run folder.</summary>
    public JsonElement? Config { get; init; }

    /// <summary>
    /// What a caller keeps beside the data position (fine-tuning: the part being trained and the best validation score
    /// so far); null where the caller keeps nothing more.
    /// </summary>
    public JsonElement? Extra { get; init; }

    /// <summary>Generator states by name at the moment of saving (filled by <see cref="Checkpoint.Save"/>).</summary>
    public IReadOnlyDictionary<string, byte[]> RngStates { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>Serialises any config record into <see cref="Config"/>.</summary>
    public static JsonElement ConfigOf<T>(T config) => JsonSerializer.SerializeToElement(config, Checkpoint.JsonOptions);
}

/// <summary>
/// A training checkpoint in one file, written atomically (a temporary file, then a rename): a JSON header with the
/// <see cref="CheckpointState"/> (step, data position, seed, config, RNG states), then the module's state_dict and
/// the optimiser state (AdamW moments and per-parameter step) in TorchSharp's binary format.
/// </summary>
public static class Checkpoint
{
    /// <summary>The name under which torch's global CPU generator (dropout, torch.randn without a generator) is saved.</summary>
    public const string GlobalGeneratorName = "torch.global";

    /// <summary>File format version; bump when the layout changes.</summary>
    public const int FormatVersion = 1;

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    private static readonly byte[] Magic = "LAMAECK\n"u8.ToArray();
    private static readonly byte[] EndMagic = "LAMAEEND"u8.ToArray();

    /// <summary>
    /// Saves <paramref name="model"/>, <paramref name="optimizer"/>, <paramref name="state"/> and the states of
    /// torch's global generator and of <paramref name="generators"/> to <paramref name="path"/>, atomically.
    /// </summary>
    public static void Save(string path, nn.Module model, OptimizerHelper optimizer, CheckpointState state,
        IReadOnlyDictionary<string, Generator>? generators = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(state);

        var rng = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var global = torch.get_rng_state())
        {
            rng[GlobalGeneratorName] = global.bytes.ToArray();
        }

        foreach (var (name, generator) in generators ?? new Dictionary<string, Generator>())
        {
            using var s = generator.get_state();
            rng[name] = s.bytes.ToArray();
        }

        var header = new CheckpointHeader(FormatVersion, optimizer.GetType().Name, state with { RngStates = rng });
        byte[] headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions);

        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(headerBytes.Length);
            writer.Write(headerBytes);
            model.save(writer);
            optimizer.save_state_dict(writer);
            writer.Write(EndMagic);
            writer.Flush();
        });
    }

    /// <summary>
    /// Restores a checkpoint into <paramref name="model"/> and <paramref name="optimizer"/> (built the same way as
    /// when it was saved), sets torch's global generator and each of <paramref name="generators"/> found in the
    /// file, and returns the saved state.
    /// </summary>
    public static CheckpointState Load(string path, nn.Module model, OptimizerHelper optimizer,
        IReadOnlyDictionary<string, Generator>? generators = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var header = ReadHeader(reader, path);
        if (header.Optimizer != optimizer.GetType().Name)
        {
            throw new LamaeException($"{path}: checkpoint holds {header.Optimizer} state, but the run uses {optimizer.GetType().Name}");
        }

        ReadBody(path, "weights or the optimiser state", "model or optimiser", () =>
        {
            model.load(reader, strict: true);
            optimizer.load_state_dict(reader);
        });

        if (optimizer is FlatAdamW.AdamW flat)
        {
            flat.ThrowIfStepsDiffer(path);
        }

        if (!reader.ReadBytes(EndMagic.Length).AsSpan().SequenceEqual(EndMagic) || stream.Position != stream.Length)
        {
            throw new LamaeException($"{path}: checkpoint is truncated or has trailing data; use an earlier checkpoint");
        }

        var state = header.State;
        if (state.RngStates.TryGetValue(GlobalGeneratorName, out byte[]? global))
        {
            using var t = torch.tensor(global, dtype: ScalarType.Byte);
            torch.set_rng_state(t);
        }

        foreach (var (name, generator) in generators ?? new Dictionary<string, Generator>())
        {
            if (!state.RngStates.TryGetValue(name, out byte[]? bytes))
            {
                throw new LamaeException($"{path}: checkpoint has no state for the random generator '{name}'");
            }

            using var t = torch.tensor(bytes, dtype: ScalarType.Byte);
            generator.set_state(t);
        }

        return state;
    }

    /// <summary>Restores only the weights of a checkpoint into <paramref name="model"/> (evaluation of a run stopped early).</summary>
    public static void LoadWeights(string path, nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        ReadHeader(reader, path);
        ReadBody(path, "weights", "model", () => model.load(reader, strict: true));
    }

    // Reads the checkpoint's body; a body that ends early or does not match becomes one LamaeException naming the file.
    private static void ReadBody(string path, string contents, string fits, Action read)
    {
        try
        {
            read();
        }
        catch (EndOfStreamException ex)
        {
            throw new LamaeException($"{path}: checkpoint is truncated (it ends inside the {contents}); use an earlier checkpoint", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException)
        {
            throw new LamaeException($"{path}: checkpoint does not fit this {fits} ({ex.Message})", ex);
        }
    }

    /// <summary>Reads only the state (step, position, config, RNG) without touching a model.</summary>
    public static CheckpointState ReadState(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        return ReadHeader(reader, path).State;
    }

    private static CheckpointHeader ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new LamaeException($"{path}: not a Lamae checkpoint");
            }

            int length = reader.ReadInt32();
            if (length <= 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw new LamaeException($"{path}: checkpoint header length {length} does not fit the file; the file is damaged");
            }

            var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadBytes(length), JsonOptions)
                ?? throw new LamaeException($"{path}: checkpoint header is empty");
            if (header.FormatVersion != FormatVersion)
            {
                throw new LamaeException($"{path}: checkpoint format {header.FormatVersion}, this Lamae reads format {FormatVersion}");
            }

            return header;
        }
        catch (Exception ex) when (ex is JsonException or EndOfStreamException)
        {
            throw new LamaeException($"{path}: checkpoint header is damaged ({ex.Message})", ex);
        }
    }

    private sealed record CheckpointHeader(int FormatVersion, string Optimizer, CheckpointState State);
}

using System.Globalization;

namespace Lamae.Training;

/// <summary>Training stopped because the loss (or the gradient norm) stopped being a finite number.</summary>
public sealed class NonFiniteLossException : LamaeException
{
    public NonFiniteLossException(long step, double value, string quantity, string? lastGoodCheckpoint)
        : base(Describe(step, value, quantity, lastGoodCheckpoint))
    {
        Step = step;
        Value = value;
        LastGoodCheckpoint = lastGoodCheckpoint;
    }

    public NonFiniteLossException()
    {
    }

    public NonFiniteLossException(string message)
        : base(message)
    {
    }

    public NonFiniteLossException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The 0-based optimiser step whose loss was not finite (the weights are those before it).</summary>
    public long Step { get; }

    public double Value { get; }

    /// <summary>The newest checkpoint written before the failure, or null when none was.</summary>
    public string? LastGoodCheckpoint { get; }

    /// <summary>Throws when <paramref name="value"/> is NaN or infinite; the message names the step and the last good checkpoint.</summary>
    public static void ThrowIfNotFinite(double value, long step, string? lastGoodCheckpoint, string quantity = "loss")
    {
        if (!double.IsFinite(value))
        {
            throw new NonFiniteLossException(step, value, quantity, lastGoodCheckpoint);
        }
    }

    private static string Describe(long step, double value, string quantity, string? lastGoodCheckpoint)
    {
        string where = lastGoodCheckpoint is null
            ? "no checkpoint was written before it; restart with a lower learning rate or check the data"
            : $"the last good checkpoint is {lastGoodCheckpoint}; resume from it with a lower learning rate or check the data";
        return string.Create(CultureInfo.InvariantCulture, $"{quantity} is {value} at step {step}: training stopped; {where}.");
    }
}

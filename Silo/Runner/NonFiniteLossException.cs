namespace Grid.Silo.Runner;

/// <summary>A job's training loss was NaN or infinite at <see cref="Epoch"/> (1-based); nothing of that epoch was stored.</summary>
public sealed class NonFiniteLossException(string jobKey, double loss, int epoch)
    : InvalidOperationException($"{jobKey}: training loss is {loss} at epoch {epoch}")
{
    public int Epoch { get; } = epoch;
}

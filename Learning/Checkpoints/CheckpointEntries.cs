namespace Grid.Learning.Checkpoints;

/// <summary>
/// Entry names every checkpoint shares, so any checkpoint (pretraining or fold job) can be exported or
/// embedded. Other entries belong to whoever writes the checkpoint.
/// </summary>
public static class CheckpointEntries
{
    /// <summary>The encoder's state dict, under torchvision's names.</summary>
    public const string Encoder = "encoder";

    /// <summary>The encoder's <see cref="Training.ModelOptions"/> as JSON.</summary>
    public const string Model = "model.json";
}

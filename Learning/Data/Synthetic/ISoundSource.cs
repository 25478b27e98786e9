namespace Grid.Learning.Data.Synthetic;

/// <summary>
/// One synthetic recording ("source", a freesound fsID in US8K terms): its parameters are drawn once when the
/// source is created, and each slice cut from it is rendered with its own random stream, so slices of one source
/// sound alike and slices of different sources differ.
/// </summary>
public interface ISoundSource
{
    /// <summary>Adds the source's sound into <paramref name="output"/> (any level; the mixer normalises).</summary>
    void Render(Span<float> output, int sampleRate, Random random);
}

using Grid.Learning.Training;
using static TorchSharp.torch;

namespace Grid.Learning.Models;

/// <summary>Builds encoders from <see cref="ModelOptions"/>.</summary>
public static class EncoderFactory
{
    /// <summary>
    /// A freshly initialised encoder. The same options and <paramref name="seed"/> give the same weights;
    /// derive the seed from the job's (e.g. <c>Seeds.Derive(jobSeed, "encoder")</c>).
    /// </summary>
    public static Encoder Create(ModelOptions options, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        var architecture = ResNetArchitecture.Parse(options.Architecture);
        using var generator = new Generator(unchecked((ulong)seed));
        return new Encoder(architecture, options.Width, generator);
    }
}

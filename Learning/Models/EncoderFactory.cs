using Grid.Learning.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Grid.Learning.Models;

/// <summary>Builds encoders from <see cref="ModelOptions"/>.</summary>
public static class EncoderFactory
{
    /// <summary>
    /// A freshly initialised encoder. The same options and <paramref name="seed"/> give the same weights;
    /// derive the seed from the job's (e.g. <c>Seeds.Derive(jobSeed, "encoder")</c>). <paramref name="normalisation"/>
    /// builds the BatchNorm layers (default <see cref="Encoder.DefaultNormalisation"/>); it draws nothing, so the
    /// weights do not depend on it.
    /// </summary>
    public static Encoder Create(ModelOptions options, long seed = 0, Func<long, Module<Tensor, Tensor>>? normalisation = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var architecture = ResNetArchitecture.Parse(options.Architecture);
        using var generator = new Generator(unchecked((ulong)seed));
        return new Encoder(architecture, options.Width, generator, normalisation);
    }
}

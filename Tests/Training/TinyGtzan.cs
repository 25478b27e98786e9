using Grid.Learning.Audio;
using Grid.Learning.Data;
using Grid.Learning.Training;

namespace Grid.Tests.Training;

/// <summary>
/// A small dataset in the GTZAN layout (<c>genres/&lt;genre&gt;/&lt;genre&gt;.000NN.wav</c>) with the three easy sound
/// classes of <see cref="TinyUrbanSound"/> as "genres": the layout's seeded 70/15/15 split makes train, valid and test.
/// </summary>
internal sealed class TinyGtzan : IDisposable
{
    private static readonly (int SoundClass, string Genre)[] Genres = [(0, "hum"), (1, "horn"), (8, "siren")];

    public TinyGtzan(int clipsPerGenre, long seed = 3)
    {
        Root = Path.Combine(Path.GetTempPath(), "grid-tiny-gtzan-" + Guid.NewGuid().ToString("N"));
        var random = new Random((int)seed);
        foreach (var (soundClass, genre) in Genres)
        {
            var folder = Directory.CreateDirectory(Path.Combine(Root, "genres", genre)).FullName;
            for (var i = 0; i < clipsPerGenre; i++)
                WavWriter.Write(Path.Combine(folder, $"{genre}.{i:D5}.wav"),
                    new AudioClip([TinyUrbanSound.Sound(soundClass, random)], TinyUrbanSound.SampleRate), WavSampleFormat.Pcm16);
        }
    }

    public string Root { get; }

    /// <summary>A job that holds out <paramref name="split"/> (2 = valid, which also tests on 3; 3 = test as validation).</summary>
    public FoldJobRequest Request(Protocol protocol, int split, int epochs, string? initPath = null) => new()
    {
        DatasetRoot = Root,
        Layout = "gtzan",
        Fold = split,
        Protocol = protocol,
        InitPath = initPath,
        Model = new ModelOptions { Architecture = "resnet18", Width = 4 },
        Training = new TrainingOptions { Epochs = epochs, BatchSize = 8, LearningRate = 0.05, KnnCandidates = [1, 3] },
        Features = TinyUrbanSound.Features,
        Seed = 7,
    };

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
